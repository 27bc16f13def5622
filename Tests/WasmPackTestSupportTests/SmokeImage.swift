import Foundation

/// The smallest image a registry takes: the empty JSON blob as config and as the only layer.
enum SmokeImage {
    static let blob = Data("{}".utf8)

    // https://github.com/opencontainers/image-spec/blob/main/manifest.md#guidance-for-an-empty-descriptor
    static func manifest(blobDigest: String) -> Data {
        let descriptor = #"{"mediaType":"application/vnd.oci.empty.v1+json","digest":"\#(blobDigest)","size":2}"#
        return Data(#"{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":\#(descriptor),"layers":[\#(descriptor)]}"#.utf8)
    }
}
