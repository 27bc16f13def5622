#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackOCI

/// A manifest or index as a registry served it: its exact bytes, and a descriptor whose digest is
/// the sha256 of those bytes (never the registry's word alone).
public struct RemoteManifest: Sendable {
    public var descriptor: Descriptor
    /// The bytes as served: pushing them elsewhere keeps the digest.
    public var bytes: [UInt8]

    public init(descriptor: Descriptor, bytes: [UInt8]) {
        self.descriptor = descriptor
        self.bytes = bytes
    }

    /// The wasm packaging of a single manifest; nil for an index or another artifact.
    public var format: ArtifactFormat? {
        guard descriptor.mediaType.isManifest,
              let manifest = try? JSONDecoder().decode(ImageManifest.self, from: Data(bytes)) else { return nil }
        return ArtifactFormat(manifest)
    }
}
