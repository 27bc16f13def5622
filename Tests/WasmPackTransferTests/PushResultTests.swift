import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// What `Pusher.push` and `Puller.pull` report back: the record `--json` and CI files are made from.
@Suite("Push and pull results", .enabled(if: TestRegistry.isAvailable))
struct PushResultTests {
    @Test func aPushReportsManifestTagsPlatformAndEachBlobsOutcome() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let manifest = try layout.manifest(try layout.descriptor(tag: nil))
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("result"))
        var options = PushOptions()
        options.extraTags = ["stable", "v1"]
        let client = TransferFixture.client(for: registry)

        let first = try Pusher(client: client, options: options).push(layout: layout, tag: nil, to: reference)
        #expect(first.manifest.digest == digest)
        #expect(first.manifest.mediaType == .ociImageManifest)
        #expect(first.manifest.size == Int64(try layout.readBlob(layout.descriptor(tag: nil)).count))
        #expect(first.manifest.annotations == nil, "the layout's own annotations are not the registry's")
        #expect(first.tags == ["v1", "stable"])
        #expect(first.platform == .wasiWasm)
        #expect(first.blobs.map(\.descriptor) == [manifest.config] + manifest.layers)
        #expect(first.blobs.map(\.outcome) == [.uploaded, .uploaded])

        let again = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        #expect(again.blobs.map(\.outcome) == [.existed, .existed])
        #expect(again.tags == ["v1"])
    }

    @Test func aPushByDigestReportsOnlyTheTagsItAdded() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.wasmToOCI)
        let pinned = try Reference(parsing: "\(registry.host)/\(TransferFixture.uniqueRepository("pinned"))@\(digest)")
        var options = PushOptions()
        options.extraTags = ["extra"]
        let result = try Pusher(client: TransferFixture.client(for: registry), options: options).push(layout: layout, tag: nil, to: pinned)
        #expect(result.tags == ["extra"])
        #expect(result.platform == nil, "a wasm-to-oci config names no platform")
    }

    @Test func aPullReportsItsBlobsAndRecordsTheConfigPlatformInTheLayout() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("pulled"), tag: "v2")
        try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)

        let output = try TestScratch.folder("result") + "/pulled"
        let pulled = try Puller(client: TransferFixture.client(for: registry)).pull(reference, into: output)
        #expect(pulled.manifest.digest == digest)
        #expect(pulled.tags == ["v2"])
        #expect(pulled.platform == .wasiWasm)
        #expect(pulled.blobs.map(\.outcome) == [.downloaded, .downloaded])
        // index.json's entry names the platform too (it used to read the config after moving it).
        #expect(try OCILayout(root: output).descriptor(tag: "v2").platform == .wasiWasm)
    }
}
