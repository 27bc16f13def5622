/// Which of the wasm packagings wasmpack knows a manifest is, told apart by media types alone
/// (what a consumer sees before it reads any blob). `pull` and `inspect` name it.
public enum ArtifactFormat: String, Sendable, Codable, CaseIterable {
    /// A container image (OCI or Docker config, tar layers): the scratch image of `--format image`.
    case image
    /// engineerd/wasm-to-oci: `application/vnd.wasm.config.v1+json` config, one `+wasm` layer.
    case wasmToOCI = "wasm-to-oci"
    /// `spin registry push`: an image config and a locked-app layer (`…spin.application.v1+config`).
    case spin
    /// The CNCF TAG-Runtime Wasm OCI artifact (`wkg oci push`): `application/vnd.wasm.config.v0+json`.
    case wasm

    /// The format of `manifest`, or nil when it is none of the four (another artifact type).
    public init?(_ manifest: ImageManifest) {
        // The config media type identifies an artifact (image-spec's fallback when there is no
        // artifactType); Spin alone reuses the image config type, so its locked layer decides.
        switch manifest.config.mediaType {
        case .wasmConfigV0: self = .wasm
        case .wasmConfigV1: self = .wasmToOCI
        case let type where type.isImageConfig:
            self = manifest.layers.contains { $0.mediaType == .spinApplication } ? .spin : .image
        default: return nil
        }
    }
}
