/// One entry of a core module's import section: `module::name`, e.g.
/// `wasi_snapshot_preview1::fd_write` or Spin 0.x's `wasi-outbound-http::request`.
public struct WasmModuleImport: Hashable, Sendable, CustomStringConvertible {
    /// The module name, which hosts use to pick the interface (`wasi_snapshot_preview1`, `spin-config`).
    public var module: String
    /// The field name inside that module.
    public var name: String
    public var kind: WasmModuleExternKind

    public init(module: String, name: String, kind: WasmModuleExternKind) {
        self.module = module
        self.name = name
        self.kind = kind
    }

    /// `module::name`, as wasmtime names an import it cannot satisfy.
    public var description: String { "\(module)::\(name)" }
}
