/// What a component imports or exports (the `sort` of an export, the `externtype` of an import).
// component-model design/mvp/Binary.md: sort 0x00 0x11 core module, 0x01 func, 0x02 value,
// 0x03 type, 0x04 component, 0x05 instance (wasmparser reads externtype with the same bytes).
public enum WasmComponentExternKind: String, Hashable, Sendable, CustomStringConvertible {
    case module = "core module"
    case function = "func"
    case value
    case type
    case component
    case instance

    public var description: String { rawValue }
}
