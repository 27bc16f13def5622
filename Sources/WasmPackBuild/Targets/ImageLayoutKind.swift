/// Where a runtime reads an app's files inside a scratch image, and so what `build` packs and
/// where. Build code switches on this, never on a target's name.
public enum ImageLayoutKind: Sendable, Hashable {
    /// A Spin app: the manifest at `/spin.toml` and every file at its manifest-relative path
    /// (formats.md §4.1). `manifest` says how the packed /spin.toml is written.
    case spinApp(manifest: SpinManifestDialect)
    /// SpiderLightning: the module at `/app.wasm` and the capabilities at `/slightfile.toml`, fixed
    /// paths; the shim ignores the Entrypoint (runtimes.md §1.2).
    case slight
    /// Wasm Workers Server: the worker tree at `/` (routes come from the paths), `/.wws.toml`,
    /// `public/` and the `.wws/` runtime store kept (runtimes.md §1.3).
    case workerTree
    /// A single module at `/<name>.wasm`, mode 0755, that the runtime finds through the image
    /// Entrypoint (Lunatic reads `args[0]`, runtimes.md §1.4).
    case entrypointModule

    /// Whether the input is a Spin app read through its spin.toml.
    public var readsSpinManifest: Bool {
        if case .spinApp = self { return true }
        return false
    }

    /// A short name for listings and JSON.
    public var name: String {
        switch self {
        case .spinApp(let dialect): return dialect == .asWritten ? "spin-app" : "spin-app (spin_version = \"1\")"
        case .slight: return "slight"
        case .workerTree: return "worker-tree"
        case .entrypointModule: return "entrypoint-module"
        }
    }
}

/// How the packed /spin.toml is written for a Spin runtime.
public enum SpinManifestDialect: Sendable, Hashable {
    /// Byte for byte as the app's spin.toml (Spin 1.x and later read both manifest versions).
    case asWritten
    /// The v1 shape Spin 0.x reads: `spin_version = "1"` instead of `spin_manifest_version`, v2
    /// manifests converted (runtimes.md §1.5, formats.md §4.4; Spin < 0.10 only knows `spin_version`).
    case spinVersion1
}
