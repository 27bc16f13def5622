import ArgumentParser
import WasmPackOCI

/// `--platform OS/ARCH[/VARIANT]`, read the same way by build, push and pull.
enum PlatformOption {
    /// A malformed or upper-case platform is a usage error (a runtime compares names byte for
    /// byte, so WASI/WASM would never match); a well-formed name no runtime is known to use gets
    /// a warning, since a new runtime may bring a new name.
    static func parse(_ text: String, warn: Bool = true) throws -> Platform {
        let platform: Platform
        do { platform = try Platform(parsing: text) } catch { throw ValidationError(error.description) }
        if warn, let unknown = platform.unknownName {
            Output.warning("--platform \(text): no runtime is known to use the \(unknown); wasm runtimes use wasi/wasm, wasip1/wasm or wasip2/wasm")
        }
        return platform
    }
}
