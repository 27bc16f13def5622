/// A wasm binary read for what it needs from its host: a core module or a component.
///
/// Reading is pure (no I/O, no Foundation) and never traps: every length is checked against the
/// bytes left, integers against their width, nesting against `WasmReaderLimits`; anything wrong is
/// a `WasmReadError` naming the byte offset.
public enum WasmBinary: Hashable, Sendable {
    case module(WasmModule)
    case component(WasmComponent)

    /// Reads a binary held in memory.
    public init(parsing bytes: [UInt8], limits: WasmReaderLimits = .default) throws(WasmReadError) {
        try self.init(reading: WasmByteArraySource(bytes), limits: limits)
    }

    /// Reads a binary from a source chunk by chunk, skipping code, data and other sections it does
    /// not need, so memory stays flat however large the binary is.
    public init(reading source: some WasmByteSource, limits: WasmReaderLimits = .default) throws(WasmReadError) {
        let cursor = WasmCursor(source: source, limits: limits)
        var preamble: [UInt8] = []
        while preamble.count < WasmBinaryKind.preambleSize, try cursor.hasMore() {
            preamble.append(try cursor.byte("the wasm preamble"))
        }
        switch try WasmBinaryKind(parsingPreamble: preamble) {
        case .module: self = .module(try WasmModuleReader(cursor: cursor).read())
        case .component: self = .component(try WasmComponentReader(cursor: cursor, depth: 0).read())
        }
    }

    public var kind: WasmBinaryKind {
        switch self {
        case .module: return .module
        case .component: return .component
        }
    }
}
