import WasmPackOCI

/// What `ImageCopier.copy` did: the manifest now at the destination and what happened to each blob.
public struct CopyResult: Sendable {
    /// How one blob reached the destination.
    public enum Outcome: String, Sendable {
        /// Streamed from the source registry.
        case copied
        /// The destination had it already.
        case existed
        /// Mounted from the source repository (same registry).
        case mounted
    }

    public struct Blob: Sendable {
        public var descriptor: Descriptor
        public var outcome: Outcome
    }

    /// The top manifest or index, with the digest it has at both ends.
    public var manifest: Descriptor
    /// The tags it was put under at the destination, in order; empty when pushed by digest only.
    public var tags: [String]
    /// Every blob, in manifest order (config, then layers; an index's manifests one after another).
    public var blobs: [Blob]
}
