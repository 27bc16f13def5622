import FuzzSupport
import WasmPackWasm

/// Hands out at most 7 bytes per read, so buffer refills and skips land inside every construct.
struct ChunkedSource: WasmByteSource {
    let bytes: [UInt8]
    var position = 0

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(WasmSourceError) -> Int {
        let count = min(buffer.count, 7, bytes.count - position)
        guard count > 0 else { return 0 }
        UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]).copyBytes(from: bytes[position..<position + count])
        position += count
        return count
    }
}

// Wasm binaries come from the user's app (spin.toml sources) and from pulled artifacts.
// Properties: reading never traps; an error's text is one line; reading in small chunks gives the
// same result or error as reading from memory; interface names and versions print as text that
// parses back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = FuzzCheck.bytes(data, size)
    let limits = WasmReaderLimits(retainedBytes: 1 << 20, nestingDepth: 8)
    let fromMemory: Result<WasmBinary, WasmReadError>
    do throws(WasmReadError) { fromMemory = .success(try WasmBinary(parsing: bytes, limits: limits)) } catch { fromMemory = .failure(error) }
    let chunked: Result<WasmBinary, WasmReadError>
    do throws(WasmReadError) { chunked = .success(try WasmBinary(reading: ChunkedSource(bytes: bytes), limits: limits)) } catch { chunked = .failure(error) }
    FuzzCheck.require(fromMemory == chunked, "reading in chunks gave \(chunked), from memory \(fromMemory)")
    switch fromMemory {
    case .failure(let error):
        FuzzCheck.require(!error.description.contains("\n"), "error text has a newline: \(error.description)")
    case .success(let binary):
        let summary = WasmSummary(binary)
        for group in summary.imports {
            if let name = group.interface {
                FuzzCheck.require(WasmInterfaceName(parsing: name.description) == name, "interface '\(name)' does not parse back")
            }
        }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if let name = WasmInterfaceName(parsing: text) {
        FuzzCheck.require(WasmInterfaceName(parsing: name.description) == name, "interface '\(name)' does not parse back")
        if let version = name.version {
            FuzzCheck.require(WasmSemanticVersion(parsing: version.description) == version, "version '\(version)' does not parse back")
            FuzzCheck.require(!(version < version), "version '\(version)' is less than itself")
        }
    }
    return 0
}
