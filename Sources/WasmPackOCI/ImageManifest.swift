/// An image manifest: one config and its layers.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/manifest.md
// Members are declared in the order of image-spec's Go struct, so the Go JSON style matches oras-go.
public struct ImageManifest: Codable, Hashable, Sendable {
    public var schemaVersion: Int
    /// Optional in the spec; wasm-to-oci (image-spec v1.0.1) leaves it out.
    public var mediaType: MediaType?
    public var artifactType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    public init(
        mediaType: MediaType? = .ociImageManifest, config: Descriptor, layers: [Descriptor],
        annotations: [String: String]? = nil
    ) {
        self.schemaVersion = 2
        self.mediaType = mediaType
        self.config = config
        self.layers = layers
        self.annotations = annotations
    }
}
