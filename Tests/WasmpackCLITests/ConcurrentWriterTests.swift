import Foundation
import Testing
import WasmPackTestSupport

/// Two wasmpack processes writing one layout at once: each keeps its tag (they serialise on
/// `<layout>/.wasmpack.lock`), and the layout stays readable by other OCI tools.
@Suite("wasmpack writers of one layout", .serialized)
struct ConcurrentWriterTests {
    let cli = Wasmpack()
    static let rounds = 50

    /// The tags of a layout's index.json.
    static func tags(_ layout: String) -> Set<String> {
        guard let data = FileManager.default.contents(atPath: layout + "/index.json"),
              let index = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let manifests = index["manifests"] as? [[String: Any]] else { return [] }
        return Set(manifests.compactMap { ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] })
    }

    /// Starts both commands at once and returns their exit statuses and error output.
    func together(_ first: [String], _ second: [String]) throws -> [(Int32?, String)] {
        let runs = [try cli.start(first), try cli.start(second)]
        return runs.map { ($0.wait(seconds: 60), $0.stderr) }
    }

    @Test func concurrentBuildsIntoOneLayoutKeepBothTags() throws {
        let work = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let shared = work + "/shared"
        var expected = Set<String>()
        for round in 0..<Self.rounds {
            // Every other round into a layout that does not exist yet: both create it at once.
            let fresh = "\(work)/fresh-\(round)"
            let layout = round % 2 == 0 ? fresh : shared
            let (a, b) = ("a\(round)", "b\(round)")
            let results = try together(["build", "v2-multi", "-o", layout, "-t", a], ["build", "v1-wagi", "-o", layout, "-t", b])
            for (status, stderr) in results { #expect(status == 0, "round \(round): \(stderr)") }
            let tags = Self.tags(layout)
            #expect(tags.isSuperset(of: [a, b]), "round \(round): tags \(tags.sorted())")
            if layout == shared {
                expected.formUnion([a, b])
                #expect(tags == expected, "round \(round): tags \(tags.sorted())")
            }
        }
        try expectOtherToolsRead(shared, tag: "a1")
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func concurrentPullsIntoOneLayoutKeepBothTags() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        for (app, tag) in [("v2-multi", "a"), ("v1-wagi", "b")] {
            let push = try cli.run(["push", "\(registry.host)/two/app:\(tag)", app])
            try #require(push.status == 0, "\(push.stderr)")
        }
        let work = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        for round in 0..<Self.rounds {
            let layout = "\(work)/pulled-\(round)"
            let results = try together(
                ["pull", "\(registry.host)/two/app:a", "-o", layout], ["pull", "\(registry.host)/two/app:b", "-o", layout])
            for (status, stderr) in results { #expect(status == 0, "round \(round): \(stderr)") }
            #expect(Self.tags(layout) == ["a", "b"], "round \(round): tags \(Self.tags(layout).sorted())")
        }
        try expectOtherToolsRead("\(work)/pulled-0", tag: "a")
    }

    /// Pushes take no lock: a commit adds blobs before it swaps index.json, so a reader sees a
    /// whole image whenever it looks (and a read-only layout stays pushable).
    @Test(.enabled(if: TestRegistry.isAvailable))
    func pushesReadALayoutWhileBuildsWriteIt() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let work = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let layout = work + "/layout"
        let first = try cli.run(["build", "v2-multi", "-o", layout, "-t", "latest"])
        try #require(first.status == 0, "\(first.stderr)")
        for round in 0..<20 {
            let results = try together(
                ["build", "v1-wagi", "-o", layout, "-t", "b\(round)"], ["push", "\(registry.host)/read/app:v\(round)", "--layout", layout])
            for (status, stderr) in results { #expect(status == 0, "round \(round): \(stderr)") }
        }
        #expect(Self.tags(layout).count == 21)
    }

    /// skopeo and umoci read the layout whatever the lock file (the OCI layout allows other files).
    private func expectOtherToolsRead(_ layout: String, tag: String) throws {
        #expect(FileManager.default.fileExists(atPath: layout + "/.wasmpack.lock"))
        for (tool, arguments) in [("/usr/bin/skopeo", ["inspect", "oci:\(layout):\(tag)"]), ("/usr/bin/umoci", ["stat", "--image", "\(layout):\(tag)"])] {
            guard FileManager.default.isExecutableFile(atPath: tool) || ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1" else { continue }
            let result = try ExternalCommand.run(tool, arguments)
            #expect(result.status == 0, "\(tool): \(result.errorOutput)")
        }
    }
}
