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

    public var layout: String
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
        self.layout = layout.root
        self.tag = entry.refName
        digest = entry.digest
        mediaType = manifest.mediaType ?? entry.mediaType
        size = entry.size
        config = Blob(mediaType: manifest.config.mediaType, digest: manifest.config.digest, size: manifest.config.size)
        format = ArtifactFormat(manifest)
        if manifest.config.mediaType.isImageConfig {
            let bytes = try layout.readBlob(manifest.config)
            do {
                let configuration = try JSONDecoder().decode(ImageConfiguration.self, from: Data(bytes))
                platform = configuration.platform.description
                created = configuration.created
                diffIDs = configuration.rootfs.diffIDs
            } catch {
                throw .invalidJSON(file: layout.blobPath(for: manifest.config.digest), detail: OCILayout.describe(error))
            }
        }
        if manifest.config.mediaType == .wasmConfigV0 {
            // The CNCF wasm config: os/architecture/created at the top level, no rootfs.
            struct WasmConfig: Decodable { var created: String?; var architecture: String?; var os: String? }
            let bytes = try layout.readBlob(manifest.config)
            do {
                let configuration = try JSONDecoder().decode(WasmConfig.self, from: Data(bytes))
                if let os = configuration.os, let architecture = configuration.architecture { platform = "\(os)/\(architecture)" }
                created = configuration.created
            } catch {
                throw .invalidJSON(file: layout.blobPath(for: manifest.config.digest), detail: OCILayout.describe(error))
            }
        }
        layers = manifest.layers.map { Blob(mediaType: $0.mediaType, digest: $0.digest, size: $0.size, title: $0.title) }
        annotations = manifest.annotations ?? [:]
    }
}
