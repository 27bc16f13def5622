/// A component `externtype`: what an import (or an export's ascription, or an instance type's
/// export declaration) is, and the type index it refers to.
// component-model design/mvp/Binary.md "Type Definitions": externtype, typebound, valuebound
struct WasmComponentExternType {
    var kind: WasmComponentExternKind
    /// The type index of a module, func, component or instance, or the `eq` bound of a type;
    /// nil for a value and for a fresh resource type (`sub resource`).
    var typeIndex: UInt32?

    static func read(_ cursor: WasmCursor, _ what: @autoclosure () -> String) throws(WasmReadError) -> WasmComponentExternType {
        let offset = cursor.position
        let tag = try cursor.byte("the kind of \(what())")
        switch tag {
        case 0x00:
            let coreOffset = cursor.position
            let core = try cursor.byte("the kind of \(what())")
            guard core == 0x11 else { throw .unexpectedByte(offset: coreOffset, byte: core, what: "the kind of \(what())") }
            return WasmComponentExternType(kind: .module, typeIndex: try cursor.u32("the type of \(what())"))
        case 0x01:
            return WasmComponentExternType(kind: .function, typeIndex: try cursor.u32("the type of \(what())"))
        case 0x02:
            let boundOffset = cursor.position
            switch try cursor.byte("the value bound of \(what())") {
            case 0x00: _ = try cursor.u32("the value bound of \(what())")
            case 0x01: try WasmComponentTypeReader.readValueType(cursor, "the value type of \(what())")
            case let other: throw .unexpectedByte(offset: boundOffset, byte: other, what: "the value bound of \(what())")
            }
            return WasmComponentExternType(kind: .value, typeIndex: nil)
        case 0x03:
            let boundOffset = cursor.position
            switch try cursor.byte("the type bound of \(what())") {
            case 0x00: return WasmComponentExternType(kind: .type, typeIndex: try cursor.u32("the type bound of \(what())"))
            case 0x01: return WasmComponentExternType(kind: .type, typeIndex: nil)
            case let other: throw .unexpectedByte(offset: boundOffset, byte: other, what: "the type bound of \(what())")
            }
        case 0x04:
            return WasmComponentExternType(kind: .component, typeIndex: try cursor.u32("the type of \(what())"))
        case 0x05:
            return WasmComponentExternType(kind: .instance, typeIndex: try cursor.u32("the type of \(what())"))
        default:
            throw .unexpectedByte(offset: offset, byte: tag, what: "the kind of \(what())")
        }
    }
}
