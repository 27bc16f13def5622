#if canImport(Glibc)
import Glibc
#endif

/// Tells whether a file starts with the WebAssembly magic `\0asm` (modules and components both do).
enum WasmModuleCheck {
    static func isWasm(_ path: String) -> Bool {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = magic.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 4) }
        return count == 4 && magic == [0x00, 0x61, 0x73, 0x6d]
    }
}
