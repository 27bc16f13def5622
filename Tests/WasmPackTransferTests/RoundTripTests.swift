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

        #expect(pushed.digest == digest)
        #expect(pushed.blobs.map(\.outcome) == [.existed, .existed])
        #expect(requests.count <= 3, "\(requests)")
        #expect(requests.first.map { $0.method == "GET" && $0.uri == "/v2/" } == true, "\(requests)")
        #expect(requests.filter { $0.method == "HEAD" }.allSatisfy { $0.uri == "/v2/noop/app/manifests/v1" }, "\(requests)")
        #expect(requests.last.map { $0.method == "HEAD" && $0.status == 200 } == true, "\(requests)")
        #expect(registry.tokenRequests - tokensBefore <= 1)
        #expect(events.uploaded == 0 && events.existing == 2)
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

    /// The ping's connection carries a pull's small blobs (one GET each, less than a new
    /// connection's set-up), and the whole of a no-op re-push.
    @Test func smallBlobsOfAPullAndANoOpRePushUseTheConnectionAlreadyOpen() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(registry.host, "oneconn/app")
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)

        var before = registry.clientAddresses.count
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)
        let pushConnections = Set(registry.clientAddresses.dropFirst(before))
        #expect(pushConnections.count == 1, "\(pushConnections)")

        before = registry.clientAddresses.count
        _ = try Puller(client: TransferFixture.client(for: registry), concurrency: 4)
            .pull(reference, into: try TestScratch.folder("transfer") + "/p")
        let pullConnections = Set(registry.clientAddresses.dropFirst(before))
        #expect(pullConnections.count == 1, "\(pullConnections)")
    }

    static let planCases: [(sizes: [Int64], roundTrips: Int, concurrency: Int, order: [Int], workers: Int)] = [
        // A pull of small blobs: they share the open connection, one more per three.
        ([300, 1200], ParallelWork.pullRoundTrips, 4, [1, 0], 1),
        ([300, 1200, 900, 20, 5], ParallelWork.pullRoundTrips, 4, [1, 2, 0, 3, 4], 2),
        // A push of small blobs: each upload costs more round trips than a connection's set-up.
        ([300, 1200], ParallelWork.pushRoundTrips, 4, [1, 0], 2),
        (Array(repeating: 200, count: 17), ParallelWork.pullRoundTrips, 4, Array(0..<17), 4),
        // A big blob: it starts first, on the open connection; the config goes beside it.
        ([300, 50 << 20], ParallelWork.pullRoundTrips, 4, [1, 0], 2),
        ([300, 5 << 20, 2 << 20, 1 << 20], ParallelWork.pushRoundTrips, 2, [1, 2, 3, 0], 2),  // at most --concurrency
        ([300, 50 << 20], ParallelWork.pushRoundTrips, 1, [1, 0], 1),
        ([], ParallelWork.pullRoundTrips, 4, [], 1),
    ]

    @Test(arguments: planCases)
    func biggestBlobFirstAndMoreConnectionsOnlyWhenTheyPay(sizes: [Int64], roundTrips: Int, concurrency: Int, order: [Int], workers: Int) {
        let plan = ParallelWork.plan(sizes: sizes, roundTrips: roundTrips, concurrency: concurrency)
        #expect(plan.order == order)
        #expect(plan.workers == workers)
    }
}
