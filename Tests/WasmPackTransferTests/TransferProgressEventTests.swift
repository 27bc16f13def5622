import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// The events a progress display is drawn from: each blob starts, reports its bytes as they move
/// (never more than its size, never backwards within one request), then ends; a build names the
/// files it packs and each layer it writes.
@Suite("Transfer and build progress events", .enabled(if: TestRegistry.isAvailable))
struct TransferProgressEventTests {
    /// v1-wagi plus 6 MiB of random bytes, built with its build events recorded.
    static func bigLayout() throws -> (layout: OCILayout, events: [BuildEvent]) {
        let work = try TestScratch.folder("progress")
        let app = work + "/app"
        try FileManager.default.copyItem(atPath: TransferFixture.testdata + "/v1-wagi", toPath: app)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(6 << 20) / 8).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64, Array.init) }
        try Data(bytes).write(to: URL(fileURLWithPath: app + "/wwwroot/big.bin"))
        let recorded = BuildEventLog()
        var options = BuildOptions(output: work + "/layout")
        options.progress = recorded.record
        _ = try Builder().build(path: app, options: options, workingDirectory: "/")
        return (OCILayout(root: work + "/layout"), recorded.all)
    }

    /// Checks one blob's events, in the order they came, and returns how many byte counts it had
    /// strictly between nothing and everything.
    static func checkSequence(_ events: [TransferEvent], of blob: Descriptor, ending: (TransferEvent) -> Bool) -> Int {
        let mine = events.filter { event in
            switch event {
            case .blobStarted(let d), .blobExists(let d), .blobUploaded(let d), .blobDownloaded(let d), .blobCopied(let d),
                 .blobMounted(let d, _):
                return d.digest == blob.digest
            case .blobProgress(let digest, _, _): return digest == blob.digest
            default: return false
            }
        }
        guard case .blobStarted = mine.first, let last = mine.last, ending(last) else {
            Issue.record("blob \(blob.digest): \(mine)")
            return 0
        }
        var partial = 0
        for case .blobProgress(_, let done, let total) in mine {
            #expect(total == blob.size)
            #expect(done > 0 && done <= blob.size)
            if done < blob.size { partial += 1 }
        }
        let counts = mine.compactMap { if case .blobProgress(_, let done, _) = $0 { done } else { nil } }
        #expect(counts == counts.sorted(), "byte counts went backwards without a retry: \(counts)")
        return partial
    }

    @Test(arguments: [false, true])
    func aSlowPushReportsEachBlobsBytesBetweenItsStartAndItsEnd(chunked: Bool) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 4 << 20, slowUploads: true)
        defer { proxy.stop() }
        let (layout, buildEvents) = try Self.bigLayout()
        let packed = buildEvents.compactMap { if case .packing(let path) = $0 { path } else { nil } }
        #expect(packed.contains("wwwroot/big.bin") && packed.contains("spin.toml") && packed.contains("bin/hello.wasm"), "\(packed)")
        #expect(buildEvents.filter { if case .layerWritten = $0 { true } else { false } }.count == 1)

        var options = PushOptions()
        if chunked {
            // Byte counts continue across PATCHes: each request's count starts from its chunk's offset.
            options.chunkedUploadThreshold = 1 << 20
            options.chunkSize = 2 << 20
        }
        let events = EventLog()
        let client = TransferFixture.client(for: registry, host: proxy.host)
        let reference = try TransferFixture.reference(proxy.host, TransferFixture.uniqueRepository("progress"))
        _ = try Pusher(client: client, options: options).push(layout: layout, tag: nil, to: reference, progress: events.record)

        let manifest = try layout.manifest(try layout.descriptor(tag: nil))
        let layer = try #require(manifest.layers.first)
        let isUploaded = { (event: TransferEvent) in if case .blobUploaded = event { true } else { false } }
        #expect(Self.checkSequence(events.all, of: layer, ending: isUploaded) >= 2, "the big layer's bytes as they went")
        _ = Self.checkSequence(events.all, of: manifest.config, ending: isUploaded)

        // Pushed again: each blob starts and ends as existing, with no bytes to report.
        let again = EventLog()
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference, progress: again.record)
        #expect(again.existing == 2)
        #expect(!again.all.contains { if case .blobProgress = $0 { true } else { false } })
        #expect(again.all.filter { if case .blobStarted = $0 { true } else { false } }.count == 2)
    }

    @Test func aSlowPullReportsEachBlobsBytesBetweenItsStartAndItsEnd() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try Self.bigLayout()
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("progress"))
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)
        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 4 << 20)
        defer { proxy.stop() }

        let events = EventLog()
        let output = try TestScratch.folder("progress") + "/pulled"
        _ = try Puller(client: TransferFixture.client(for: registry, host: proxy.host)).pull(
            try TransferFixture.reference(proxy.host, reference.repository), into: output, progress: events.record)
        let manifest = try layout.manifest(try layout.descriptor(tag: nil))
        let isDownloaded = { (event: TransferEvent) in if case .blobDownloaded = event { true } else { false } }
        #expect(Self.checkSequence(events.all, of: try #require(manifest.layers.first), ending: isDownloaded) >= 2)
        _ = Self.checkSequence(events.all, of: manifest.config, ending: isDownloaded)
    }

    @Test func aSlowCopyReportsEachBlobsBytesBetweenItsStartAndItsCopiedEnd() throws {
        let source = try TestRegistry.start(.plain)
        defer { source.stop() }
        let destination = try TestRegistry.start(.plain)
        defer { destination.stop() }
        let (layout, _) = try Self.bigLayout()
        let reference = try TransferFixture.reference(source.host, TransferFixture.uniqueRepository("progress"))
        _ = try Pusher(client: TransferFixture.client(for: source)).push(layout: layout, tag: nil, to: reference)
        let proxy = try SlowProxy.start(upstream: destination.host, bytesPerSecond: 4 << 20, slowUploads: true)
        defer { proxy.stop() }

        let events = EventLog()
        let target = try TransferFixture.reference(proxy.host, reference.repository)
        let result = try ImageCopier(
            source: TransferFixture.client(for: source), destination: TransferFixture.client(for: destination, host: proxy.host)
        ).copy(from: reference, to: target, progress: events.record)
        let manifest = try layout.manifest(try layout.descriptor(tag: nil))
        let isCopied = { (event: TransferEvent) in if case .blobCopied = event { true } else { false } }
        #expect(Self.checkSequence(events.all, of: try #require(manifest.layers.first), ending: isCopied) >= 2)
        _ = Self.checkSequence(events.all, of: manifest.config, ending: isCopied)
        #expect(result.blobs.map(\.outcome) == [.copied, .copied])
        // Nothing reports an upload from a file: the bytes came from the source registry.
        #expect(!events.all.contains { if case .blobUploaded = $0 { true } else { false } })
    }
}
