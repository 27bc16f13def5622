/// The kinds of OCI content `wasmpack build` can produce.
public enum BuildFormat: String, Sendable, CaseIterable {
    /// A `FROM scratch` image: one tar+gzip layer with /spin.toml and the app's files, as the
    /// containerd Spin shim (AKS WASI node pools, SpinKube) runs it.
    case image
    /// What `wasm-to-oci push` publishes: the module bytes as one layer and an empty wasm config.
    case wasmToOCI = "wasm-to-oci"
    /// What `spin registry push` publishes: wasm and data layers, the locked app as the last layer
    /// and an image config labelled with its digest; the Spin shims run it (formats.md §2, §4.1).
    case spin
}
