import CZlib

/// The version of the zlib wasmpack runs with, such as "1.2.13", for `wasmpack --version`.
public func linkedZlibVersion() -> String {
    guard let version = zlibVersion() else { return "unknown" }
    return String(cString: version)
}
