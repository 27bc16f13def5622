import WasmPackOCI

/// What a push did: the manifest it put, the tags it moved, and each blob's outcome.
public struct PushResult: Sendable {
    /// The pushed manifest (or index): its media type, digest and size.
    public var manifest: Descriptor
    /// The tags now naming it; empty for a push by digest.
    public var tags: [String]
    /// Config and layers of the manifest (of every manifest of an index), each once, in manifest order.
    public var blobs: [BlobTransfer]
    /// The platform a single manifest's config names; nil for an index or a config that names none.
    public var platform: Platform?

    public var digest: Digest { manifest.digest }

    public init(manifest: Descriptor, tags: [String], blobs: [BlobTransfer], platform: Platform? = nil) {
        self.manifest = manifest
        self.tags = tags
        self.blobs = blobs
        self.platform = platform
    }
}
