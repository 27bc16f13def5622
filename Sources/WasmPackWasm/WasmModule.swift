/// What a core module imports and exports, plus the names of its custom sections.
// https://webassembly.github.io/spec/core/binary/modules.html
public struct WasmModule: Hashable, Sendable {
    public var imports: [WasmModuleImport]
    public var exports: [WasmModuleExport]
    /// Custom section names in file order (`name`, `producers`, `component-type:…`, …).
    public var customSections: [String]

    public init(imports: [WasmModuleImport] = [], exports: [WasmModuleExport] = [], customSections: [String] = []) {
        self.imports = imports
        self.exports = exports
        self.customSections = customSections
    }
}
