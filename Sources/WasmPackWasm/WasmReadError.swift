/// Why bytes are not a wasm binary this reader can list. `description` is one line that names the
/// byte offset (from the start of the input) and what was wrong there; the caller adds the file.
public enum WasmReadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input does not start with the `\0asm` magic. `prefix` is up to its first 8 bytes.
    case notWasm(prefix: [UInt8])
    /// The input looks like WebAssembly text (`(module` / `(component`), not a binary.
    case webAssemblyText
    /// `\0asm` with a core-module version other than 1.
    case unsupportedModuleVersion(UInt32)
    /// A component-model pre-release binary (versions 0x0a–0x0c), or one newer than 0x0d.
    case unsupportedComponentVersion(UInt16)
    /// `\0asm` and a 2-byte version, but a layer that is neither a module (0) nor a component (1).
    case unknownLayer(UInt16, version: UInt16)
    /// The input ends (or the enclosing section or nested binary ends) before `what` is complete.
    case truncated(offset: Int, what: String)
    /// An entry of a section (or of a nested binary) runs past that section's declared end.
    case entryPastSectionEnd(offset: Int, what: String)
    /// A section's declared size runs past the end of the binary (or section) that contains it.
    case sectionTooLong(offset: Int, section: String, size: Int, available: Int)
    /// A section's contents end before its declared size: `left` bytes would be unread.
    case sectionHasTrailingBytes(offset: Int, section: String, left: Int)
    /// A section id this binary kind does not have.
    case unknownSection(offset: Int, id: UInt8)
    /// A byte that is not one of the values the format allows at this place.
    case unexpectedByte(offset: Int, byte: UInt8, what: String)
    /// A LEB128 integer longer than its type allows, or with bits set beyond it.
    case integerTooLarge(offset: Int, what: String)
    /// A name whose bytes are not UTF-8.
    case invalidUTF8(offset: Int, what: String)
    /// A count or size above what this reader accepts (it bounds every allocation by the input).
    case limitExceeded(offset: Int, what: String, limit: Int)
    /// Components or types nested deeper than the reader follows.
    case nestedTooDeeply(offset: Int, limit: Int)
    /// The byte source failed.
    case unreadable(offset: Int, reason: String)

    public var description: String {
        // Names come from the input: keep the message on one line whatever they hold.
        Self.oneLine(message)
    }

    /// A name from the input as messages quote it: control characters escaped, at most 64 characters.
    static func excerpt(_ name: String) -> String {
        let shown = name.count > 64 ? String(name.prefix(61)) + "..." : name
        return oneLine(shown)
    }

    private static func oneLine(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || scalar.value == 0x7f || (0x80..<0xa0).contains(scalar.value) || scalar == "\u{2028}" || scalar == "\u{2029}" {
                result += "\\u{" + String(scalar.value, radix: 16) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private var message: String {
        switch self {
        case .notWasm(let prefix):
            let hex = prefix.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined(separator: " ")
            let shown = prefix.isEmpty ? "it is empty" : "it starts with \(hex)"
            return "not a WebAssembly binary: \(shown), not the magic 00 61 73 6d ('\\0asm'); give a compiled .wasm module or component"
        case .webAssemblyText:
            return "WebAssembly text, not a binary: compile it first (wat2wasm for a module, 'wasm-tools parse' for a component)"
        case .unsupportedModuleVersion(let version):
            return "core module with unsupported version \(version) (only version 1 exists)"
        case .unsupportedComponentVersion(let version):
            let age = version < WasmBinaryKind.componentVersion ? "a pre-release component-model version" : "newer than this reader knows (0x0d)"
            return "component with unsupported version 0x\(String(version, radix: 16)), \(age); rebuild it with a current toolchain"
        case .unknownLayer(let layer, let version):
            return "unknown wasm layer \(layer) (version 0x\(String(version, radix: 16))): neither a core module (0) nor a component (1)"
        case .truncated(let offset, let what):
            return "at byte \(offset): the input ends inside \(what) (truncated file?)"
        case .entryPastSectionEnd(let offset, let what):
            return "at byte \(offset): \(what) runs past the end of its section"
        case .sectionTooLong(let offset, let section, let size, let available):
            return "at byte \(offset): \(section) declares \(size) bytes but only \(available) remain in its container"
        case .sectionHasTrailingBytes(let offset, let section, let left):
            return "at byte \(offset): \(section) has \(left) unread bytes after its last entry"
        case .unknownSection(let offset, let id):
            return "at byte \(offset): unknown section id \(id)"
        case .unexpectedByte(let offset, let byte, let what):
            return "at byte \(offset): unexpected byte 0x\(String(byte, radix: 16)) in \(what)"
        case .integerTooLarge(let offset, let what):
            return "at byte \(offset): integer too large (malformed LEB128) in \(what)"
        case .invalidUTF8(let offset, let what):
            return "at byte \(offset): \(what) is not valid UTF-8"
        case .limitExceeded(let offset, let what, let limit):
            return "at byte \(offset): \(what) exceeds this reader's limit of \(limit)"
        case .nestedTooDeeply(let offset, let limit):
            return "at byte \(offset): components or types nested more than \(limit) levels deep"
        case .unreadable(let offset, let reason):
            return "at byte \(offset): \(reason)"
        }
    }
}
