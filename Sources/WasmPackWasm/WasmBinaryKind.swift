/// Whether a binary is a core module or a component, as its first 8 bytes (the preamble) say: the
/// `\0asm` magic, then a version. Enough to tell "not wasm" from "wasm" without reading further.
// Core: https://webassembly.github.io/spec/core/binary/modules.html#binary-module (version 1 0 0 0)
// Component: component-model design/mvp/Binary.md "Component Definitions" (version 0x0d 0x00, layer 0x01 0x00)
public enum WasmBinaryKind: String, Hashable, Sendable, CustomStringConvertible {
    /// A core module (version 1).
    case module
    /// A component in the binary format version 0x0d, the one every current toolchain writes.
    case component

    public var description: String { rawValue }

    /// Bytes in a preamble.
    public static let preambleSize = 8
    /// `\0asm`.
    public static let magic: [UInt8] = [0x00, 0x61, 0x73, 0x6d]
    /// The component-model binary version this reader understands; 0x0a–0x0c were pre-releases.
    public static let componentVersion: UInt16 = 0x0d

    /// Reads the preamble at the start of `prefix` (fewer than 8 bytes is not wasm, or a truncated
    /// file when they start with the magic). Spin ≥ 3.4 refuses a component source that fails this.
    public init(parsingPreamble prefix: some Collection<UInt8>) throws(WasmReadError) {
        let bytes = Array(prefix.prefix(Self.preambleSize))
        guard bytes.count >= 4, Array(bytes[0..<4]) == Self.magic else {
            // Spin accepts the text format too; say so instead of "not wasm" when it is text.
            if Self.looksLikeText(bytes) { throw .webAssemblyText }
            throw .notWasm(prefix: bytes)
        }
        guard bytes.count == Self.preambleSize else { throw .truncated(offset: bytes.count, what: "the wasm preamble (magic and version)") }
        let version = UInt16(bytes[4]) | UInt16(bytes[5]) << 8
        let layer = UInt16(bytes[6]) | UInt16(bytes[7]) << 8
        switch layer {
        case 0:
            let full = UInt32(version) | UInt32(layer) << 16
            guard full == 1 else { throw .unsupportedModuleVersion(full) }
            self = .module
        case 1:
            guard version == Self.componentVersion else { throw .unsupportedComponentVersion(version) }
            self = .component
        default:
            throw .unknownLayer(layer, version: version)
        }
    }

    /// True when the bytes start, after optional whitespace, with `(module` or `(component`
    /// (or a `;;` comment), as a .wat file does.
    private static func looksLikeText(_ bytes: [UInt8]) -> Bool {
        guard let first = bytes.first(where: { ![0x20, 0x09, 0x0a, 0x0d].contains($0) }) else { return false }
        return first == UInt8(ascii: "(") || first == UInt8(ascii: ";")
    }
}
