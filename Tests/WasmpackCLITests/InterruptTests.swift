import Foundation
import Testing
import WasmPackTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C (SIGINT) and CI's cancel (SIGTERM) in the middle of a pull, an extraction or a build:
/// the process stops within seconds with 130/143 and one line, and leaves no staging folder, no
/// partial file, and the previous layout and target folder byte for byte as they were.
@Suite("wasmpack interrupted", .enabled(if: TestRegistry.isAvailable), .serialized)
struct InterruptTests {
    let cli = Wasmpack()

    static let signals: [Int32] = [SIGINT, SIGTERM]

    /// Few big blobs arriving slowly (interrupted mid-blob), or many small ones arriving fast
    /// (interrupted while threads keep creating blob files, the race the old handler lost).
    enum PullShape: String, CaseIterable, Sendable {
        case slowBigBlobs, fastSmallBlobs
        var layers: Int { self == .slowBigBlobs ? 8 : 300 }
        var size: Int { self == .slowBigBlobs ? 1 << 20 : 4 << 10 }
        var bytesPerSecond: Int { self == .slowBigBlobs ? 256 << 10 : 1 << 30 }
    }

    @Test(arguments: signals, PullShape.allCases)
    func anInterruptedPullOfManyBlobsLeavesThePreviousLayoutAndNoStaging(signalNumber: Int32, shape: PullShape) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let work = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let source = work + "/source"
        try InterruptFixture.manyBlobLayout(at: source, layers: shape.layers, size: shape.size)
        let push = try cli.run(["push", "\(registry.host)/many/app:v1", "--layout", source])
        try #require(push.status == 0, "\(push.stderr)")
        let small = try cli.run(["push", "\(registry.host)/small/app:v1", "v2-multi"])
        try #require(small.status == 0, "\(small.stderr)")

        // The previous layout: another image, pulled before.
        let parent = work + "/pulls"
        let layout = parent + "/layout"
        let first = try cli.run(["pull", "\(registry.host)/small/app:v1", "-o", layout])
        try #require(first.status == 0, "\(first.stderr)")
        let before = FolderSnapshot(parent)

        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: shape.bytesPerSecond)
        defer { proxy.stop() }
        let pull = try cli.start(["pull", "\(proxy.host)/many/app:v1", "-o", layout])
        // Interrupt once blob files are being written into the staging layout.
        let writing = InterruptFixture.waitUntil(seconds: 20) {
            InterruptFixture.entries(in: parent, prefix: ".layout.wasmpack-staging-").contains { staging in
                let files = (try? FileManager.default.subpathsOfDirectory(atPath: parent + "/" + staging)) ?? []
                return files.filter { $0.hasSuffix(".blob") }.count > (shape == .slowBigBlobs ? 0 : 20) && files.contains { name in
                    name.hasSuffix(".blob") && ((try? FileManager.default.attributesOfItem(atPath: "\(parent)/\(staging)/\(name)")[.size] as? Int) ?? 0) > 0
                }
            }
        }
        try #require(writing, "no staging blob appeared; stderr: \(pull.stderr)")
        pull.send(signalNumber)
        let status = pull.wait(seconds: 10)

        #expect(status == 128 + signalNumber, "\(pull.stderr)")
        #expect(pull.stdout.isEmpty)
        #expect(pull.stderr.contains("Interrupted"), "\(pull.stderr)")
        // Given time to misbehave: a thread still writing after the exit would show up here.
        usleep(300_000)
        let after = FolderSnapshot(parent)
        #expect(after == before, "changed: \(after.difference(from: before))")
    }

    @Test(arguments: signals, [true, false])
    func anInterruptedExtractionLeavesTheTargetAsItWas(signalNumber: Int32, targetExists: Bool) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let work = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let push = try cli.run(["push", "\(registry.host)/bulky/app:v1", "--layout", try InterruptFixture.bulky.get().layout])
        try #require(push.status == 0, "\(push.stderr)")

        let parent = work + "/user"
        let target = parent + "/target"
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        if targetExists {
            try FileManager.default.createDirectory(atPath: target + "/assets", withIntermediateDirectories: true)
            try Data("mine\n".utf8).write(to: URL(fileURLWithPath: target + "/spin.toml"))
            try Data("keep\n".utf8).write(to: URL(fileURLWithPath: target + "/assets/notes.txt"))
        }
        let before = FolderSnapshot(parent)

        let pull = try cli.start(["pull", "\(registry.host)/bulky/app:v1", "-o", work + "/layout", "--extract", target])
        // Staging inside an existing target, a hidden sibling for a new one.
        let extracting = InterruptFixture.waitUntil(seconds: 30) {
            targetExists
                ? !InterruptFixture.entries(in: target, prefix: ".wasmpack-extract-").isEmpty
                : !InterruptFixture.entries(in: parent, prefix: ".target.extract-").isEmpty
        }
        try #require(extracting, "extraction did not start; stderr: \(pull.stderr)")
        usleep(100_000)
        pull.send(signalNumber)
        let status = pull.wait(seconds: 10)

        #expect(status == 128 + signalNumber, "\(pull.stderr)")
        #expect(pull.stderr.contains("Interrupted"), "\(pull.stderr)")
        let after = FolderSnapshot(parent)
        #expect(after == before, "changed: \(after.difference(from: before).prefix(10))")
        // Extraction comes before the layout's commit, so the interrupted pull left no layout
        // either, and no staging beside where it would have been.
        #expect(!FileManager.default.fileExists(atPath: work + "/layout"))
        #expect(InterruptFixture.entries(in: work, prefix: ".layout.wasmpack-staging-").isEmpty)
    }

    @Test(arguments: signals)
    func anInterruptedBuildLeavesTheLayoutAsItWas(signalNumber: Int32) throws {
        let work = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let app = try InterruptFixture.bulky.get().app
        let parent = work + "/out"
        let layout = parent + "/layout"
        let first = try cli.run(["build", "v2-multi", "-o", layout, "-t", "old"])
        try #require(first.status == 0, "\(first.stderr)")
        let before = FolderSnapshot(parent)

        let build = try cli.start(["build", "-o", layout, "-t", "new"], in: app)
        let writing = InterruptFixture.waitUntil(seconds: 30) {
            !InterruptFixture.entries(in: parent, prefix: ".layout.wasmpack-staging-").isEmpty
        }
        try #require(writing, "no staging appeared; stderr: \(build.stderr)")
        usleep(100_000)
        build.send(signalNumber)
        let status = build.wait(seconds: 10)

        #expect(status == 128 + signalNumber, "\(build.stderr)")
        #expect(build.stdout.isEmpty)
        let after = FolderSnapshot(parent)
        #expect(after == before, "changed: \(after.difference(from: before))")
    }
}
