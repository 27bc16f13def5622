/// An export declared by an instance type: a function of an imported or exported interface
/// (`handle`, `[method]fields.get`) or a type (`fields`, a resource).
public struct WasmComponentMember: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var kind: WasmComponentExternKind

    public init(name: String, kind: WasmComponentExternKind) {
        self.name = name
        self.kind = kind
    }

    public var description: String { name }
}
