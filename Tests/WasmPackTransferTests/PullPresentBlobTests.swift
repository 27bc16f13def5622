import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// A pull into a layout that already holds a blob checks the file and keeps it instead of
/// downloading it again; a damaged file is downloaded again and replaced.
@Suite("Pull keeps the blobs a layout already has", .enabled(if: TestRegistry.isAvailable))
struct PullPresentBlobTests {
    /// GETs of blobs among the registry's requests from `start` on.
    static func blobGets(_ registry: TestRegistry, since start: Int) -> [RegistryRequest] {
        registry.requests.dropFirst(start).filter { $0.method == "GET" && $0.uri.contains("/blobs/") }
    }

    static func presentEvents(_ events: EventLog) -> Int {
        events.all.filter { if case .blobPresent = $0 { true } else { false } }.count
    }

    @Test func aSecondPullIntoTheSameLayoutDownloadsNothingAndReportsEveryBlobPresent() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("present"))
        let client = TransferFixture.client(for: registry)
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        let output = try TestScratch.folder("transfer") + "/pulled"

        let first = try Puller(client: client).pull(reference, into: output)
        #expect(first.blobs.map(\.outcome).allSatisfy { $0 == .downloaded })
        let before = registry.requests.count
        let events = EventLog()
        let second = try Puller(client: client).pull(reference, into: output, progress: events.record)

        #expect(Self.blobGets(registry, since: before).isEmpty, "\(registry.requests.dropFirst(before))")
        #expect(second.digest == digest)
        #expect(second.blobs.count == first.blobs.count)
        #expect(second.blobs.allSatisfy { $0.outcome == .present })
        #expect(Self.presentEvents(events) == second.blobs.count)
        let copy = OCILayout(root: output)
        try copy.verify()
        #expect(try TransferFixture.blobs(of: copy) == TransferFixture.blobs(of: layout))
    }

    @Test func aCorruptBlobIsDownloadedAgainAndReplacedAndOnlyThatOne() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("corrupt"))
        let client = TransferFixture.client(for: registry)
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        let output = try TestScratch.folder("transfer") + "/pulled"
        let first = try Puller(client: client).pull(reference, into: output)
        let copy = OCILayout(root: output)
        let layer = try copy.manifest(try copy.descriptor(tag: "v1")).layers[0]

        // Same size, one byte changed: only hashing finds it.
        let path = copy.blobPath(for: layer.digest)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))

        let before = registry.requests.count
        let second = try Puller(client: client).pull(reference, into: output)
        let gets = Self.blobGets(registry, since: before)
        #expect(gets.count == 1)
        #expect(gets.first?.uri.hasSuffix(layer.digest.description) == true)
        #expect(second.blobs.first { $0.descriptor.digest == layer.digest }?.outcome == .downloaded)
        #expect(second.blobs.filter { $0.outcome == .present }.count == first.blobs.count - 1)
        try copy.verify()
        #expect(try TransferFixture.blobs(of: copy) == TransferFixture.blobs(of: layout))
    }

    @Test func aTruncatedBlobIsDownloadedAgain() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.wasmToOCI)
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("truncated"))
        let client = TransferFixture.client(for: registry)
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        let output = try TestScratch.folder("transfer") + "/pulled"
        _ = try Puller(client: client).pull(reference, into: output)
        let copy = OCILayout(root: output)
        let layer = try copy.manifest(try copy.descriptor(tag: "v1")).layers[0]
        #expect(truncate(copy.blobPath(for: layer.digest), 3) == 0)

        let second = try Puller(client: client).pull(reference, into: output)
        #expect(second.blobs.first { $0.descriptor.digest == layer.digest }?.outcome == .downloaded)
        try copy.verify()
        #expect(try TransferFixture.blobs(of: copy) == TransferFixture.blobs(of: layout))
    }

    @Test(arguments: [BuildFormat.image, .wasmToOCI])
    func extractAfterAPresentOnlyPullWritesTheSameFiles(format: BuildFormat) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(format)
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("extract"))
        let client = TransferFixture.client(for: registry)
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        let work = try TestScratch.folder("transfer")
        let first = try Puller(client: client).pull(reference, into: work + "/layout", extractTo: work + "/first")

        let before = registry.requests.count
        let second = try Puller(client: client).pull(reference, into: work + "/layout", extractTo: work + "/second")
        #expect(Self.blobGets(registry, since: before).isEmpty)
        #expect(second.blobs.allSatisfy { $0.outcome == .present })
        #expect(!first.extractedFiles.isEmpty)
        #expect(second.extractedFiles == first.extractedFiles)
        for file in first.extractedFiles {
            #expect(FileManager.default.contentsEqual(atPath: work + "/first/" + file, andPath: work + "/second/" + file), "\(file)")
        }
    }
}
