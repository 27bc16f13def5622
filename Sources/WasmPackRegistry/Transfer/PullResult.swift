import WasmPackOCI

/// What a pull wrote.
public struct PullResult: Sendable {
    /// The digest of the manifest that was pulled (after platform selection from an index).
    public let digest: Digest
    /// The pulled manifest's media type, digest and size (the index's choice, not the index).
    public var manifest: Descriptor
    public let layout: String
    /// Regular files written by `--extract`, relative to its directory.
    public let extractedFiles: [String]
    /// image, wasm-to-oci, spin or wasm, by the manifest's media types; nil for another artifact.
    public var format: ArtifactFormat? = nil
    /// The tags the layout gives the image (the reference's tag, or latest).
    public var tags: [String] = []
    /// The platform the manifest's config names; nil when it names none.
    public var platform: Platform? = nil
    /// Config and layers, each once, in manifest order, with what the pull did with each.
    public var blobs: [BlobTransfer] = []
    /// What the pull could not do as asked without failing, one line each, for the CLI to print.
    public var warnings: [String] = []
}
