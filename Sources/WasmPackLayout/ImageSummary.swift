#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackOCI

/// What `wasmpack inspect` shows of one image in a layout; encodes to the `--format json` output.
public struct ImageSummary: Codable, Sendable {
    public struct Blob: Codable, Sendable {
        public var mediaType: MediaType
        public var digest: Digest
        public var size: Int64
        public var title: String?
    }

    /// The layout it was read from; nil for an image read from a registry.
    public var layout: String?
    public var tag: String?
    public var digest: Digest
    public var mediaType: MediaType
    public var size: Int64
    public var config: Blob
    /// image, wasm-to-oci, spin or wasm; nil for any other artifact.
    public var format: ArtifactFormat?
    /// Present when the config is an image configuration.
    public var platform: String?
    public var created: String?
    public var diffIDs: [Digest]?
    public var layers: [Blob]
    public var annotations: [String: String]

    /// Summarises the image tagged `tag` (or the layout's only or `latest` image).
    public init(layout: OCILayout, tag: String?) throws(LayoutError) {
        let entry = try layout.descriptor(tag: tag)
        let manifest = try layout.manifest(entry)
        let needsConfig = manifest.config.mediaType.isImageConfig || manifest.config.mediaType == .wasmConfigV0
        let configBytes = needsConfig ? try layout.readBlob(manifest.config) : nil
        do {
            self = try Self(manifest: manifest, descriptor: entry, tag: entry.refName, config: configBytes)
        } catch {
            throw .invalidJSON(file: layout.blobPath(for: manifest.config.digest), detail: OCILayout.describe(error))
        }
        self.layout = layout.root
    }

    /// Summarises a manifest wherever it came from (a layout, a registry): `descriptor` is the
    /// manifest's own, `config` the config blob's bytes when it is an image or wasm config (the
    /// only ones summarised; nil skips them). Throws the decoding error of a config that is not
    /// what its media type says.
    public init(manifest: ImageManifest, descriptor: Descriptor, tag: String?, config configBytes: [UInt8]?) throws {
        layout = nil
        self.tag = tag
        digest = descriptor.digest
        mediaType = manifest.mediaType ?? descriptor.mediaType
        size = descriptor.size
        config = Blob(mediaType: manifest.config.mediaType, digest: manifest.config.digest, size: manifest.config.size)
        format = ArtifactFormat(manifest)
        if manifest.config.mediaType.isImageConfig, let configBytes {
            let configuration = try JSONDecoder().decode(ImageConfiguration.self, from: Data(configBytes))
            platform = configuration.platform.description
            created = configuration.created
            diffIDs = configuration.rootfs.diffIDs
        }
        if manifest.config.mediaType == .wasmConfigV0, let configBytes {
            // The CNCF wasm config: os/architecture/created at the top level, no rootfs.
            struct WasmConfig: Decodable { var created: String?; var architecture: String?; var os: String? }
            let configuration = try JSONDecoder().decode(WasmConfig.self, from: Data(configBytes))
            if let os = configuration.os, let architecture = configuration.architecture { platform = "\(os)/\(architecture)" }
            created = configuration.created
        }
        layers = manifest.layers.map { Blob(mediaType: $0.mediaType, digest: $0.digest, size: $0.size, title: $0.title) }
        annotations = manifest.annotations ?? [:]
    }
}
