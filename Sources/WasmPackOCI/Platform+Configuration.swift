#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Platform {
    /// The platform a manifest's config names, or nil when its kind of config names none (wasm-to-oci,
    /// other artifacts) or leaves `os`/`architecture` empty: results report a platform only when the
    /// content itself states one, never a guess.
    ///
    /// Image configs and the CNCF wasm config (`application/vnd.wasm.config.v0+json`) both carry
    /// `os` and `architecture` at the top level.
    // https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#properties
    public init?(configuration bytes: [UInt8], mediaType: MediaType) {
        guard mediaType.isImageConfig || mediaType == .wasmConfigV0 else { return nil }
        struct Named: Decodable { var os: String?; var architecture: String?; var variant: String? }
        guard let named = try? JSONDecoder().decode(Named.self, from: Data(bytes)),
              let os = named.os, !os.isEmpty, let architecture = named.architecture, !architecture.isEmpty
        else { return nil }
        self.init(os: os, architecture: architecture, variant: named.variant.flatMap { $0.isEmpty ? nil : $0 })
    }
}
