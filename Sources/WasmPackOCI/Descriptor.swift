/// Points at content by media type, digest and size.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md
public struct Descriptor: Codable, Hashable, Sendable {
    public var mediaType: MediaType
    public var digest: Digest
    public var size: Int64
    public var urls: [String]?
    public var annotations: [String: String]?
    public var data: String?
    public var platform: Platform?
    public var artifactType: String?

    public init(
        mediaType: MediaType, digest: Digest, size: Int64,
        annotations: [String: String]? = nil, platform: Platform? = nil
    ) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
        self.platform = platform
    }

    /// The tag an image layout's index.json gives this entry, if any.
    public var refName: String? { annotations?[AnnotationKey.refName] }
    /// The file name annotation wasm-to-oci and oras put on layers.
    public var title: String? { annotations?[AnnotationKey.title] }
}
