import WasmPackOCI

/// Everything `wasmpack build` can be told besides the input path.
public struct BuildOptions: Sendable {
    public var format: BuildFormat
    /// The output layout directory; nil means `.wasmpack` beside the spin.toml (or in the working
    /// directory for a bare module).
    public var output: String?
    public var tags: [String]
    /// Overrides the image platform (default `wasi/wasm`). Only the image format has a platform.
    public var platform: Platform?
    /// `--annotation` values; they win over the ones inferred from spin.toml.
    public var annotations: [String: String]
    /// Which component becomes the module of a wasm-to-oci artifact.
    public var component: String?
    /// The runtime the image is for; nil means `RuntimeTarget.default`, or no target at all for
    /// `--format wasm-to-oci` (no runtime target pulls that format).
    public var target: RuntimeTarget?
    /// The module for targets that pack one (`--module`), when the input folder does not say.
    public var module: String?
    /// The image Entrypoint, for targets whose runtime reads it (`--entrypoint`).
    public var entrypoint: String?
    /// `--skip-checks`: a failed runtime check becomes a warning instead of the build's error.
    public var skipChecks: Bool
    /// `--keep-manifest`: pack spin.toml byte for byte and every file at its manifest-relative
    /// path (as a Dockerfile COPY would), instead of repacking the files the Spin shim cannot mount.
    public var keepManifest: Bool
    /// SOURCE_DATE_EPOCH: the only source of timestamps, so builds stay reproducible.
    public var sourceDateEpoch: Int64?
    /// `--archive-layers` (Spin's SPIN_OCI_ARCHIVE_LAYERS): with `--format spin`, each component's
    /// files go in one tar+gzip layer instead of a layer per file.
    public var archiveLayers = false
    /// Files already holding the Wasm of `{ url, digest }` sources, by digest (`sha256:…`): the
    /// CLI downloads them (WasmPackRegistry's `SourceDownloader`) so Build never does I/O on the
    /// network. `--format spin` packs them; a remote source missing here is an error.
    public var downloadedSources: [String: String] = [:]
    /// Told what the build packs as it goes (`BuildEvent`), on the building thread; nil: nobody listens.
    public var progress: (@Sendable (BuildEvent) -> Void)?

    public init(
        format: BuildFormat = .image, output: String? = nil, tags: [String] = ["latest"],
        platform: Platform? = nil, annotations: [String: String] = [:], component: String? = nil,
        sourceDateEpoch: Int64? = nil, target: RuntimeTarget? = nil, module: String? = nil, entrypoint: String? = nil,
        skipChecks: Bool = false, keepManifest: Bool = false
    ) {
        self.skipChecks = skipChecks
        self.keepManifest = keepManifest
        self.target = target
        self.module = module
        self.entrypoint = entrypoint
        self.format = format
        self.output = output
        self.tags = tags
        self.platform = platform
        self.annotations = annotations
        self.component = component
        self.sourceDateEpoch = sourceDateEpoch
    }
}
