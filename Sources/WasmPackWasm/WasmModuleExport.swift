/// One entry of a core module's export section, e.g. `_start` or `handle-http-request`.
public struct WasmModuleExport: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var kind: WasmModuleExternKind
    /// Index in the index space of `kind`.
    public var index: UInt32

    public init(name: String, kind: WasmModuleExternKind, index: UInt32) {
        self.name = name
        self.kind = kind
        self.index = index
    }

    public var description: String { name }
}
