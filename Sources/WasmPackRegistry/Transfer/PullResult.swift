import WasmPackOCI

/// What a pull wrote.
public struct PullResult: Sendable {
    /// The digest of the manifest that was pulled (after platform selection from an index).
    public let digest: Digest
    public let layout: String
    /// Regular files written by `--extract`, relative to its directory.
    public let extractedFiles: [String]
    /// image, wasm-to-oci, spin or wasm, by the manifest's media types; nil for another artifact.
    public var format: ArtifactFormat? = nil
    /// What the pull could not do as asked without failing, one line each, for the CLI to print.
    public var warnings: [String] = []
}
