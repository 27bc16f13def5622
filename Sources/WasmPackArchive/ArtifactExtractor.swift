import WasmPackOCI

/// Writes one artifact format's app into a folder for `pull --extract`, when the generic rules
/// (tar layers unpacked, wasm layers under their title) do not make it runnable. The seam that
/// lets a format (Spin's registry format, whose app lives in a locked-app layer and needs a
/// regenerated spin.toml) extract without the Registry knowing the format.
public protocol ArtifactExtractor: Sendable {
    /// Whether this manifest is this extractor's format.
    func handles(_ manifest: ImageManifest) -> Bool
    /// Writes the app into `directory`; returns the paths written, relative to it. `blobPath`
    /// gives the verified download of each blob of the manifest. Errors' `description` is the
    /// one-line message the user sees.
    func extract(
        _ manifest: ImageManifest, blobPath: (Digest) -> String, into directory: String, limits: ExtractionLimits
    ) throws -> [String]
}
