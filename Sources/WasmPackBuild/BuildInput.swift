import WasmPackSpin

/// What a build starts from.
public enum BuildInput: Sendable {
    /// A Spin app: its manifest and every local file it needs.
    case app(SpinApp)
    /// A single WebAssembly module file (absolute path).
    case module(path: String)
}
