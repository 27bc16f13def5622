import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// `ImageCopier`: registry to registry, blobs streamed and checked, manifests byte for byte, tags last.
@Suite("Copying images between registries", .enabled(if: TestRegistry.isAvailable))
struct ImageCopierTests {
    @Test func copyOfAnIndexPutsEachManifestBeforeTheIndexWithTheSameBytes() throws {
        let source = try TestRegistry.start(.plain)
        defer { source.stop() }
        let destination = try TestRegistry.start(.basicAuth)
        defer { destination.stop() }
        let sourceClient = TransferFixture.client(for: source)
        // An index of two images (different blobs) only the source has.
        var entries: [Descriptor] = []
        for (format, platform) in [(BuildFormat.wasmToOCI, Platform(os: "linux", architecture: "amd64")), (.image, .wasiWasm)] {
            let (layout, _) = try TransferFixture.layout(format)
            _ = try Pusher(client: sourceClient).push(layout: layout, tag: nil, to: try TransferFixture.reference(source.host, "multi/app", tag: "\(format)"))
            let entry = try layout.descriptor(tag: nil)
            var descriptor = Descriptor(mediaType: .ociImageManifest, digest: entry.digest, size: entry.size)
            descriptor.platform = platform
            entries.append(descriptor)
        }
        let indexBytes = try JSONValueEncoder().bytes(ImageIndex(manifests: entries))
        let indexDigest = SHA256Hasher.digest(of: indexBytes)
        try ManifestStore(client: sourceClient, repository: "multi/app").put(
            RemoteManifest(descriptor: Descriptor(mediaType: .ociImageIndex, digest: indexDigest, size: Int64(indexBytes.count)), bytes: indexBytes),
            as: "multi")

        let log = RequestLog()
        let destinationClient = TransferFixture.client(for: destination, log: log.record)
        var options = PushOptions()
        options.extraTags = ["also"]
        let result = try ImageCopier(source: sourceClient, destination: destinationClient, options: options).copy(
            from: try TransferFixture.reference(source.host, "multi/app", tag: "multi"),
            to: try Reference(parsing: "\(destination.host)/copied/app"))
        #expect(result.manifest.digest == indexDigest)
        #expect(result.tags == ["multi", "also"])
        #expect(result.blobs.count == 4)
        #expect(result.blobs.allSatisfy { $0.outcome == .copied })

        // Children by digest first, then the index under its tags: nothing tagged before it is whole.
        let puts = log.lines.filter { $0.hasPrefix("PUT") && $0.contains("/manifests/") }
        #expect(puts.count == 4, "\(puts)")
        #expect(puts.prefix(2).allSatisfy { $0.contains("/manifests/sha256:") })
        #expect(puts.suffix(2).map { $0.split(separator: " ")[1].split(separator: "/").last! } == ["multi", "also"])

        let store = ManifestStore(client: destinationClient, repository: "copied/app")
        #expect(try store.manifest("multi", reference: "copied").bytes == indexBytes)
        for entry in entries {
            #expect(try store.manifest(entry.digest.description, reference: "child").descriptor.digest == entry.digest)
        }
        let pulled = try Puller(client: destinationClient).pull(
            try TransferFixture.reference(destination.host, "copied/app", tag: "also"), into: try TestScratch.folder("copy") + "/p")
        #expect(pulled.digest == entries[1].digest)
    }

    @Test(arguments: [HostileRegistry.Behaviour.shortBody, .oversizedBlob])
    func aSourceSendingTheWrongLengthFailsTheCopyAndTagsNothing(behaviour: HostileRegistry.Behaviour) throws {
        let source = try HostileRegistry.start(behaviour)
        defer { source.stop() }
        let destination = try TestRegistry.start(.tokenAuth)
        defer { destination.stop() }
        var options = RegistryClientOptions()
        options.retries = 1
        options.retryBaseDelay = 0.01
        let sourceClient = RegistryClient(registry: RegistryHost(host: source.host, plainHTTP: true), credentials: .anonymous, options: options)
        let destinationClient = TransferFixture.client(for: destination)
        #expect(throws: RegistryError.self) {
            try ImageCopier(source: sourceClient, destination: destinationClient).copy(
                from: try Reference(parsing: "\(source.host)/any/repo:seed"), to: try Reference(parsing: "\(destination.host)/dst/app:v1"))
        }
        let store = ManifestStore(client: destinationClient, repository: "dst/app")
        #expect(throws: RegistryError.self) { try store.resolve("v1", reference: "dst/app:v1") }
    }
}

/// Lines from a client's `log`, collected across threads.
final class RequestLog: @unchecked Sendable {
    private let lock = NSLock()
    private var collected: [String] = []

    var lines: [String] { lock.withLock { collected } }

    @Sendable func record(_ line: String) {
        lock.withLock { collected.append(line) }
    }
}
