/// What a component imports and exports at its top level, and what it nests. Only top-level
/// imports are host imports: nested core modules (the preview1 adapter, the guest's code) and
/// nested components are satisfied inside the component.
// component-model design/mvp/Binary.md
public struct WasmComponent: Hashable, Sendable {
    public var imports: [WasmComponentImport]
    public var exports: [WasmComponentExport]
    /// Custom section names in file order (`component-name`, `producers`, …).
    public var customSections: [String]
    /// Core modules defined in this component (section 1), in order, with their own imports.
    public var modules: [WasmModule]
    /// Components defined in this component (section 4), in order.
    public var components: [WasmComponent]

    public init(
        imports: [WasmComponentImport] = [], exports: [WasmComponentExport] = [], customSections: [String] = [],
        modules: [WasmModule] = [], components: [WasmComponent] = []
    ) {
        self.imports = imports
        self.exports = exports
        self.customSections = customSections
        self.modules = modules
        self.components = components
    }
}
