/// What `wasmpack inspect` shows and the checks compare with a runtime: the kind of binary, its
/// host imports grouped by interface (or module name), its exports, and which WASI it targets.
public struct WasmSummary: Hashable, Sendable {
    public var kind: WasmBinaryKind
    /// Host imports in first-seen order: one group per core module name, one per component import.
    public var imports: [WasmImportGroup]
    /// Export names in order (with version suffixes for components).
    public var exports: [String]
    /// Every WASI generation the binary's host imports and exports name, oldest first.
    public var wasi: [WASIVersion]
    /// Core modules and components nested in a component (all levels); 0 for a core module.
    public var nestedModules: Int
    public var nestedComponents: Int

    public init(_ binary: WasmBinary) {
        switch binary {
        case .module(let module):
            kind = .module
            var groups: [WasmImportGroup] = []
            var position: [String: Int] = [:]
            for entry in module.imports {
                if let index = position[entry.module] {
                    groups[index].items.append(entry.name)
                } else {
                    position[entry.module] = groups.count
                    groups.append(WasmImportGroup(name: entry.module, items: [entry.name]))
                }
            }
            imports = groups
            exports = module.exports.map(\.name)
            wasi = Set(module.imports.compactMap { WASIVersion.ofModule($0.module) }).sorted()
            nestedModules = 0
            nestedComponents = 0
        case .component(let component):
            kind = .component
            imports = component.imports.map { entry in
                WasmImportGroup(
                    name: entry.name.description, interface: entry.name.interface, componentKind: entry.kind,
                    items: entry.functions ?? [])
            }
            exports = component.exports.map(\.name.description)
            let names = component.imports.map(\.name) + component.exports.map(\.name)
            wasi = Set(names.compactMap { WASIVersion.ofInterface($0.interface) }).sorted()
            (nestedModules, nestedComponents) = Self.countNested(component)
        }
    }

    /// Modules and components below `component`, at every depth (the reader bounds the depth).
    private static func countNested(_ component: WasmComponent) -> (modules: Int, components: Int) {
        var modules = component.modules.count
        var components = component.components.count
        for nested in component.components {
            let inner = countNested(nested)
            modules += inner.modules
            components += inner.components
        }
        return (modules, components)
    }

    /// True when any host import's interface or module name is `name` (`wasi-outbound-http`,
    /// `fermyon:spin/key-value`), whatever its version.
    public func importsInterface(_ name: String) -> Bool {
        imports.contains { group in group.name == name || group.interface?.unversionedName == name }
    }
}
