/// One entry of a component's top-level export section: what the host may call.
public struct WasmComponentExport: Hashable, Sendable, CustomStringConvertible {
    public var name: WasmExternName
    public var kind: WasmComponentExternKind
    /// Index of the exported item in the index space of `kind`.
    public var index: UInt32
    /// For an instance export whose definition the reader followed: what it exports.
    public var members: [WasmComponentMember]?

    public init(name: WasmExternName, kind: WasmComponentExternKind, index: UInt32, members: [WasmComponentMember]? = nil) {
        self.name = name
        self.kind = kind
        self.index = index
        self.members = members
    }

    /// The functions of an instance export, in declaration order.
    public var functions: [String]? {
        members?.filter { $0.kind == .function }.map(\.name)
    }

    public var description: String { name.description }
}
