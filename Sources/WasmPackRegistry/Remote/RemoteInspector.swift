#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackLayout
import WasmPackOCI

/// Reads an image's manifest (or index) and config from a registry for `wasmpack inspect`:
/// two bounded, digest-checked requests, no layer.
public struct RemoteInspector: Sendable {
    public let client: RegistryClient

    public init(client: RegistryClient) {
        self.client = client
    }

    public func inspect(_ reference: Reference) throws(RegistryError) -> RemoteInspection {
        try client.ping()
        let store = ManifestStore(client: client, repository: reference.repository)
        let manifest = try store.manifest(reference.tagOrDigest, reference: reference.description)
        let request = "GET manifest \(reference)"
        if manifest.descriptor.mediaType.isIndex {
            do {
                let index = try JSONDecoder().decode(ImageIndex.self, from: Data(manifest.bytes))
                return RemoteInspection(manifest: manifest, content: .index(index))
            } catch {
                throw .invalidResponse(request: request, detail: "the index is not valid JSON")
            }
        }
        guard manifest.descriptor.mediaType.isManifest else {
            throw .unsupportedMediaType(reference: reference.description, mediaType: manifest.descriptor.mediaType.rawValue)
        }
        let image: ImageManifest
        do { image = try JSONDecoder().decode(ImageManifest.self, from: Data(manifest.bytes)) } catch {
            throw .invalidResponse(request: request, detail: "the manifest is not valid JSON")
        }
        let configType = image.config.mediaType
        let config = configType.isImageConfig || configType == .wasmConfigV0 ? try store.smallBlob(image.config) : nil
        do {
            let summary = try ImageSummary(manifest: image, descriptor: manifest.descriptor, tag: reference.tag, config: config)
            return RemoteInspection(manifest: manifest, content: .image(summary))
        } catch {
            throw .invalidResponse(request: "GET blob \(image.config.digest)", detail: "the config is not a valid \(configType)")
        }
    }
}
