import Foundation

/// An OCI image layout assembled by hand from blobs, for tests that need a Spin registry artifact
/// before (or independently of) wasmpack building one: the reference vectors, and broken variants.
public enum SpinTestLayout {
    /// sha256 of `bytes` as `sha256:<hex>`, by coreutils: not the code under test.
    public static func digest(_ bytes: Data) throws -> String {
        let run = try ExternalCommand.run("/usr/bin/sha256sum", [], input: bytes)
        return "sha256:" + run.text.prefix(64)
    }

    /// Writes `blobs` and `manifest` (bytes as given) into `directory` as an OCI image layout whose
    /// index tags the manifest `latest`. Returns the manifest's digest.
    @discardableResult
    public static func write(manifest: Data, blobs: [Data], to directory: String) throws -> String {
        let folder = directory + "/blobs/sha256"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for blob in blobs + [manifest] {
            try blob.write(to: URL(fileURLWithPath: folder + "/" + String(try digest(blob).dropFirst(7))))
        }
        let manifestDigest = try digest(manifest)
        let index = """
            {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"\(manifestDigest)","size":\(manifest.count),"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}
            """
        try Data(index.utf8).write(to: URL(fileURLWithPath: directory + "/index.json"))
        try Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8).write(to: URL(fileURLWithPath: directory + "/oci-layout"))
        return manifestDigest
    }

    /// A Spin artifact the way Spin ≥2.4 pushes it (formats.md §2.3): `layers` then the locked app
    /// last, config labelled with the locked app's digest (or `label`, to break it), canonical manifest.
    public static func spinArtifact(
        locked: Data, layers: [(mediaType: String, bytes: Data)], label: String? = nil, annotations: String = "{}"
    ) throws -> (manifest: Data, blobs: [Data]) {
        let lockedDigest = try digest(locked)
        let config = Data(#"{"architecture":"wasm","os":"wasip1","config":{"Labels":{"com.fermyon.spin.lockedAppDigest":"\#(label ?? lockedDigest)"}},"rootfs":{"type":"layers","diff_ids":[]}}"#.utf8)
        var descriptors: [String] = []
        for layer in layers + [("application/vnd.fermyon.spin.application.v1+config", locked)] {
            descriptors.append(#"{"digest":"\#(try digest(layer.1))","mediaType":"\#(layer.0)","size":\#(layer.1.count)}"#)
        }
        let manifest = #"{"annotations":\#(annotations),"config":{"digest":"\#(try digest(config))","mediaType":"application/vnd.oci.image.config.v1+json","size":\#(config.count)},"layers":[\#(descriptors.joined(separator: ","))],"schemaVersion":2}"#
        return (Data(manifest.utf8), layers.map(\.bytes) + [locked, config])
    }
}
