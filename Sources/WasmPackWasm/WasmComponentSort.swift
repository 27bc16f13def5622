/// A `sort` (the kind of an index space) as exports, aliases and inline instances name it.
// component-model design/mvp/Binary.md "Instance Definitions": sort, core:sort
enum WasmComponentSort: Equatable {
    /// `0x00 core:sort`: 0x00 func, 0x01 table, 0x02 memory, 0x03 global, 0x04 tag, 0x10 type,
    /// 0x11 module, 0x12 instance.
    case core(UInt8)
    case function
    case value
    case type
    case component
    case instance

    static func read(_ cursor: WasmCursor, _ what: @autoclosure () -> String) throws(WasmReadError) -> WasmComponentSort {
        let offset = cursor.position
        let byte = try cursor.byte(what())
        switch byte {
        case 0x00:
            let coreOffset = cursor.position
            let core = try cursor.byte(what())
            guard (0x00...0x04).contains(core) || (0x10...0x12).contains(core) else {
                throw .unexpectedByte(offset: coreOffset, byte: core, what: what())
            }
            return .core(core)
        case 0x01: return .function
        case 0x02: return .value
        case 0x03: return .type
        case 0x04: return .component
        case 0x05: return .instance
        default: throw .unexpectedByte(offset: offset, byte: byte, what: what())
        }
    }

    /// The kind a component can import or export under this sort; nil for core sorts other than module.
    var kind: WasmComponentExternKind? {
        switch self {
        case .core(let core): return core == 0x11 ? .module : nil
        case .function: return .function
        case .value: return .value
        case .type: return .type
        case .component: return .component
        case .instance: return .instance
        }
    }
}
