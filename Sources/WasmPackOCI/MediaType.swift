/// A media type string. Constants cover the OCI, Docker, wasm and Spin types wasmpack reads and writes.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/media-types.md
public struct MediaType: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    // OCI image spec
    public static let ociImageManifest: MediaType = "application/vnd.oci.image.manifest.v1+json"
    public static let ociImageIndex: MediaType = "application/vnd.oci.image.index.v1+json"
    public static let ociImageConfig: MediaType = "application/vnd.oci.image.config.v1+json"
    public static let ociLayerTar: MediaType = "application/vnd.oci.image.layer.v1.tar"
    public static let ociLayerTarGzip: MediaType = "application/vnd.oci.image.layer.v1.tar+gzip"
    public static let ociEmpty: MediaType = "application/vnd.oci.empty.v1+json"

    // Docker image manifest v2 schema 2
    public static let dockerManifest: MediaType = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList: MediaType = "application/vnd.docker.distribution.manifest.list.v2+json"
    public static let dockerConfig: MediaType = "application/vnd.docker.container.image.v1+json"
    public static let dockerLayerTarGzip: MediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip"

    // wasm-to-oci (engineerd) and the CNCF wasm OCI artifact
    public static let wasmConfigV1: MediaType = "application/vnd.wasm.config.v1+json"
    public static let wasmConfigV0: MediaType = "application/vnd.wasm.config.v0+json"
    public static let wasmContentLayer: MediaType = "application/vnd.wasm.content.layer.v1+wasm"
    public static let wasm: MediaType = "application/wasm"

    // Spin registry format
    public static let spinApplication: MediaType = "application/vnd.fermyon.spin.application.v1+config"
    public static let spinDataLayer: MediaType = "application/vnd.wasm.content.layer.v1+data"
    public static let spinArchiveLayer: MediaType = "application/vnd.wasm.content.bundle.v1.tar+gzip"

    public var isManifest: Bool { self == .ociImageManifest || self == .dockerManifest }
    public var isIndex: Bool { self == .ociImageIndex || self == .dockerManifestList }
    public var isImageConfig: Bool { self == .ociImageConfig || self == .dockerConfig }
}
