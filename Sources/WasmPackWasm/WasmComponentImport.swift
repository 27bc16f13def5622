/// One entry of a component's top-level import section: what the host must provide.
public struct WasmComponentImport: Hashable, Sendable, CustomStringConvertible {
    public var name: WasmExternName
    public var kind: WasmComponentExternKind
    /// For an instance import whose type the reader followed: what the interface declares
    /// (functions and types). Nil when the type was not followed.
    public var members: [WasmComponentMember]?

    public init(name: WasmExternName, kind: WasmComponentExternKind, members: [WasmComponentMember]? = nil) {
        self.name = name
        self.kind = kind
        self.members = members
    }

    /// The functions of an instance import, in declaration order.
    public var functions: [String]? {
        members?.filter { $0.kind == .function }.map(\.name)
    }

    public var description: String { name.description }
}
