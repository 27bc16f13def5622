import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// Push and pull against CNCF distribution in every set-up users meet: no auth, Basic, token, TLS.
@Suite("Push and pull against a real registry", .enabled(if: TestRegistry.isAvailable))
struct PushPullTests {
    static let setups: [TestRegistry.Setup] = [.plain, .basicAuth, .tokenAuth, .tls]
    static let cases: [(TestRegistry.Setup, BuildFormat)] = setups.flatMap { [($0, .image), ($0, .wasmToOCI), ($0, .wasm)] }

    @Test(arguments: cases)
    func pushThenPullGivesIdenticalBytesAndDigests(setup: TestRegistry.Setup, format: BuildFormat) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(format)
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("roundtrip"))
        let client = TransferFixture.client(for: registry)

        let events = EventLog()
        let pushed = try Pusher(client: client).push(layout: layout, tag: nil, to: reference, progress: events.record)
        #expect(pushed.digest == digest)
        #expect(events.uploaded == 2)

        let output = try TestScratch.folder("transfer") + "/pulled"
        let pulled = try Puller(client: TransferFixture.client(for: registry)).pull(reference, into: output)
        #expect(pulled.digest == digest)
        let copy = OCILayout(root: output)
        try copy.verify()
        #expect(try TransferFixture.blobs(of: copy) == TransferFixture.blobs(of: layout))
        #expect(try copy.readBlob(copy.descriptor(tag: "v1")) == layout.readBlob(layout.descriptor(tag: nil)))
    }

    @Test func aSecondPushUploadsNoBlob() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(registry.host, "again/app")
        let client = TransferFixture.client(for: registry)
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        let events = EventLog()
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference, progress: events.record)
        #expect(events.uploaded == 0)
        #expect(events.existing == 2)
    }

    @Test func oneTokenFetchServesAWholePush() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        var options = PushOptions()
        options.extraTags = ["also", "latest"]
        _ = try Pusher(client: TransferFixture.client(for: registry), options: options)
            .push(layout: layout, tag: nil, to: try TransferFixture.reference(registry.host, "token/app"))
        #expect(registry.tokenRequests == 1)
    }

    @Test func extraTagsPointAtTheSameManifest() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.wasmToOCI)
        var options = PushOptions()
        options.extraTags = ["stable", "1.0"]
        let client = TransferFixture.client(for: registry)
        _ = try Pusher(client: client, options: options).push(layout: layout, tag: nil, to: try TransferFixture.reference(registry.host, "tags/app"))
        for tag in ["v1", "stable", "1.0"] {
            let output = try TestScratch.folder("transfer") + "/p"
            #expect(try Puller(client: client).pull(try TransferFixture.reference(registry.host, "tags/app", tag: tag), into: output).digest == digest)
        }
    }

    @Test func pullByDigestChecksTheDigest() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let client = TransferFixture.client(for: registry)
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: try TransferFixture.reference(registry.host, "bydigest/app"))
        let pinned = try Reference(parsing: "\(registry.host)/bydigest/app@\(digest)")
        let output = try TestScratch.folder("transfer") + "/p"
        #expect(try Puller(client: client).pull(pinned, into: output).digest == digest)
    }

    @Test func pullOfAnIndexTakesTheWasmManifest() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let client = TransferFixture.client(for: registry)
        let repository = "indexed/app"
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: try TransferFixture.reference(registry.host, repository, tag: "single"))
        let entry = try layout.descriptor(tag: nil)
        // An index like buildx makes: another platform's manifest first, then ours.
        let (otherLayout, _) = try TransferFixture.layout(.wasmToOCI)
        _ = try Pusher(client: client).push(layout: otherLayout, tag: nil, to: try TransferFixture.reference(registry.host, repository, tag: "other"))
        let otherEntry = try otherLayout.descriptor(tag: nil)
        var other = Descriptor(mediaType: .ociImageManifest, digest: otherEntry.digest, size: otherEntry.size)
        other.platform = Platform(os: "linux", architecture: "amd64")
        var wasm = Descriptor(mediaType: .ociImageManifest, digest: entry.digest, size: entry.size)
        wasm.platform = .wasiWasm
        let index = try JSONValueEncoder().bytes(ImageIndex(manifests: [other, wasm]))
        try putManifest(index, mediaType: MediaType.ociImageIndex.rawValue, registry: registry, repository: repository, tag: "multi")

        let output = try TestScratch.folder("transfer") + "/p"
        let result = try Puller(client: client).pull(try TransferFixture.reference(registry.host, repository, tag: "multi"), into: output)
        #expect(result.digest == digest)
        #expect(throws: RegistryError.self) {
            try Puller(client: client).pull(
                try TransferFixture.reference(registry.host, repository, tag: "multi"),
                into: try TestScratch.folder("transfer") + "/q", platform: Platform(os: "linux", architecture: "arm64"))
        }
    }

    @Test func crossRepositoryPushMountsBlobsPulledFromTheSameRegistry() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        let client = TransferFixture.client(for: registry)
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: try TransferFixture.reference(registry.host, "team-a/app"))
        let pulled = try TestScratch.folder("transfer") + "/pulled"
        _ = try Puller(client: client).pull(try TransferFixture.reference(registry.host, "team-a/app"), into: pulled)

        let events = EventLog()
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(
            layout: OCILayout(root: pulled), tag: "v1", to: try TransferFixture.reference(registry.host, "team-b/app"),
            progress: events.record)
        #expect(events.mounted == 2)
        #expect(events.uploaded == 0)
    }

    @Test func chunkedUploadsReassembleTheBlob() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        var options = PushOptions()
        options.chunkedUploadThreshold = 100
        options.chunkSize = 256
        let client = TransferFixture.client(for: registry)
        let reference = try TransferFixture.reference(registry.host, "chunked/app")
        #expect(try Pusher(client: client, options: options).push(layout: layout, tag: nil, to: reference).digest == digest)
        let output = try TestScratch.folder("transfer") + "/p"
        _ = try Puller(client: client).pull(reference, into: output)
        #expect(try TransferFixture.blobs(of: OCILayout(root: output)) == TransferFixture.blobs(of: layout))
    }

    /// PUTs raw manifest bytes with curl, as another tool would have pushed them.
    func putManifest(_ bytes: [UInt8], mediaType: String, registry: TestRegistry, repository: String, tag: String) throws {
        let file = try TestScratch.folder("transfer") + "/manifest.json"
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let put = try ExternalCommand.run("/usr/bin/curl", [
            "-sS", "-f", "-X", "PUT", "-H", "Content-Type: \(mediaType)", "--data-binary", "@\(file)",
            "\(registry.baseURL)/v2/\(repository)/manifests/\(tag)",
        ])
        #expect(put.status == 0, "\(put.errorOutput)")
    }
}
