/// A list of manifests, one per platform; also the shape of an image layout's index.json.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-index.md
public struct ImageIndex: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    public var mediaType: MediaType?
    public var artifactType: String?
    public var manifests: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(manifests: [Descriptor], annotations: [String: String]? = nil) {
        self.schemaVersion = 2
        self.mediaType = .ociImageIndex
        self.manifests = manifests
        self.annotations = annotations
    }
}
