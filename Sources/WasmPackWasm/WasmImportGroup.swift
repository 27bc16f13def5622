/// Imports that belong together: the fields a core module imports from one module name
/// (`wasi-outbound-http`: `request`), or one component import with the functions of its interface
/// (`wasi:http/outgoing-handler@0.2.0`: `handle`).
public struct WasmImportGroup: Hashable, Sendable, CustomStringConvertible {
    /// The core module name, or the component import's name with its version.
    public var name: String
    /// The interface `name` stands for; nil for core module names and plain component names.
    public var interface: WasmInterfaceName?
    /// For a component import, what it is (instance, func, …); nil for a core module group.
    public var componentKind: WasmComponentExternKind?
    /// Field names of a core module group; function names of an instance import (empty when the
    /// reader did not follow its type).
    public var items: [String]

    public init(name: String, interface: WasmInterfaceName? = nil, componentKind: WasmComponentExternKind? = nil, items: [String] = []) {
        self.name = name
        self.interface = interface
        self.componentKind = componentKind
        self.items = items
    }

    public var description: String {
        items.isEmpty ? name : "\(name): \(items.joined(separator: ", "))"
    }
}
