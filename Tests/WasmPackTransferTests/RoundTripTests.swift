import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
@testable import WasmPackRegistry
import WasmPackTestSupport

/// What a push or pull costs in requests and connections, counted by the registry itself
/// (its access log), not by the client under test.
@Suite("Round trips and connections", .enabled(if: TestRegistry.isAvailable))
struct RoundTripTests {
    /// A new client each time, as a new `wasmpack push` run has: nothing cached from the first push.
    @Test(arguments: [TestRegistry.Setup.plain, .basicAuth, .tokenAuth])
    func aNoOpRePushIsAPingAndOneHead(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(registry.host, "noop/app")
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)

        let before = registry.requests.count
        let tokensBefore = registry.tokenRequests
        let events = EventLog()
        let pushed = try Pusher(client: TransferFixture.client(for: registry)).push(
            layout: layout, tag: nil, to: reference, progress: events.record)
        let requests = Array(registry.requests.dropFirst(before))

        #expect(pushed == digest)
        #expect(requests.count <= 3, "\(requests)")
        #expect(requests.first.map { $0.method == "GET" && $0.uri == "/v2/" } == true, "\(requests)")
        #expect(requests.filter { $0.method == "HEAD" }.allSatisfy { $0.uri == "/v2/noop/app/manifests/v1" }, "\(requests)")
        #expect(requests.last.map { $0.method == "HEAD" && $0.status == 200 } == true, "\(requests)")
        #expect(registry.tokenRequests - tokensBefore <= 1)
        #expect(events.uploaded == 0 && events.existing == 0)
        #expect(events.all.contains { if case .manifestExists(digest, "v1") = $0 { return true } else { return false } })
    }

    @Test func aRePushWithANewTagWritesOnlyThatTag() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(registry.host, "retag/app")
        var options = PushOptions()
        options.extraTags = ["stable"]
        _ = try Pusher(client: TransferFixture.client(for: registry), options: options).push(layout: layout, tag: nil, to: reference)

        options.extraTags = ["stable", "1.0"]
        let before = registry.requests.count
        _ = try Pusher(client: TransferFixture.client(for: registry), options: options).push(layout: layout, tag: nil, to: reference)
        let requests = Array(registry.requests.dropFirst(before))

        let writes = requests.filter { $0.method != "GET" && $0.method != "HEAD" }
        #expect(writes.map(\.description) == ["PUT /v2/retag/app/manifests/1.0 → 201"], "\(requests)")
        #expect(!requests.contains { $0.uri.contains("/blobs/") }, "\(requests)")
        let client = TransferFixture.client(for: registry)
        let pulled = try Puller(client: client).pull(
            try TransferFixture.reference(registry.host, "retag/app", tag: "1.0"), into: try TestScratch.folder("transfer") + "/p")
        #expect(pulled.digest == digest)
    }

    @Test func anotherImageUnderAnExistingTagIsPushedInFull() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let reference = try TransferFixture.reference(registry.host, "moved/app")
        let (first, _) = try TransferFixture.layout(.image)
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: first, tag: nil, to: reference)
        let (second, digest) = try TransferFixture.layout(.wasmToOCI)
        let events = EventLog()
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: second, tag: nil, to: reference, progress: events.record)
        #expect(events.uploaded == 2)
        let pulled = try Puller(client: TransferFixture.client(for: registry)).pull(reference, into: try TestScratch.folder("transfer") + "/p")
        #expect(pulled.digest == digest)
    }

    /// The ping's connection carries every small blob: no second TCP set-up for a few KB.
    @Test func smallBlobsGoOverTheConnectionAlreadyOpen() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(registry.host, "oneconn/app")
        var options = PushOptions()
        options.concurrency = 4

        var before = registry.clientAddresses.count
        _ = try Pusher(client: TransferFixture.client(for: registry), options: options).push(layout: layout, tag: nil, to: reference)
        let pushConnections = Set(registry.clientAddresses.dropFirst(before))
        #expect(pushConnections.count == 1, "\(pushConnections)")

        before = registry.clientAddresses.count
        _ = try Puller(client: TransferFixture.client(for: registry), concurrency: 4)
            .pull(reference, into: try TestScratch.folder("transfer") + "/p")
        let pullConnections = Set(registry.clientAddresses.dropFirst(before))
        #expect(pullConnections.count == 1, "\(pullConnections)")
    }

    static let workerCases: [(sizes: [Int64], concurrency: Int, workers: Int)] = [
        ([300, 1200], 4, 1),                       // config + small layer: the open connection only
        ([300, 50 << 20], 4, 1),                   // one big layer: still one connection
        ([300, 5 << 20, 2 << 20, 1 << 20], 4, 3),  // a connection per big blob
        ([300, 5 << 20, 2 << 20, 1 << 20], 2, 2),  // never more than --concurrency
        (Array(repeating: 200, count: 17), 4, 2),  // many small blobs: one more per 8
        ([], 4, 1),
    ]

    @Test(arguments: workerCases)
    func moreConnectionsOnlyForBlobsWorthThem(sizes: [Int64], concurrency: Int, workers: Int) {
        #expect(ParallelWork.workers(sizes: sizes, concurrency: concurrency) == workers)
    }
}
