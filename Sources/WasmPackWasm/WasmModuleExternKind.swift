/// What a core module imports or exports: the `importdesc` / `exportdesc` tag.
// https://webassembly.github.io/spec/core/binary/modules.html#import-section (0x04 tag: exception handling)
public enum WasmModuleExternKind: String, Hashable, Sendable, CustomStringConvertible {
    case function = "func"
    case table
    case memory
    case global
    case tag

    init?(tag: UInt8) {
        switch tag {
        case 0x00: self = .function
        case 0x01: self = .table
        case 0x02: self = .memory
        case 0x03: self = .global
        case 0x04: self = .tag
        default: return nil
        }
    }

    public var description: String { rawValue }
}
