import Foundation
import Testing
import WasmPackTestSupport

/// `pull --extract` of an image whose layer expands far past its compressed size: refused by
/// default, naming the entry and the limit, with the target directory untouched; the flags
/// raise the limits (issue 7 item 5).
@Suite("pull --extract limits", .enabled(if: TestRegistry.isAvailable))
struct ExtractLimitCommandTests {
    let cli = Wasmpack(timeout: 120)

    /// testdata/v2-multi plus a 200 MiB file of zeros (sparse: no disk used) in its assets: the
    /// layer is a few hundred KiB, far past 100:1 and past the 64 MiB floor.
    private func pushZerosApp(to registry: TestRegistry, root: String) throws -> String {
        let app = root + "/app"
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v2-multi", toPath: app)
        #expect(FileManager.default.createFile(atPath: app + "/assets/zeros.bin", contents: nil))
        #expect(truncate(app + "/assets/zeros.bin", 200 << 20) == 0)
        let reference = "\(registry.host)/limits/app:v1"
        let push = try cli.run(["push", reference], in: app)
        try #require(push.status == 0, "\(push.stderr)")
        return reference
    }

    @Test func aLayerPastTheRatioIsRefusedUntilTheFlagRaisesIt() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let root = TestScratch.path("limits")
        try FileManager.default.createDirectory(atPath: root + "/files", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let reference = try pushZerosApp(to: registry, root: root)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: root + "/files/keep.txt"))

        let refused = try cli.run(["pull", reference, "-o", root + "/layout", "--extract", root + "/files"])
        #expect(refused.status == 1, "\(refused.stderr)")
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderrLines.last?.hasPrefix("Error: refusing entry 'assets/zeros.bin' of layer ") == true, "\(refused.stderr)")
        #expect(refused.stderr.contains("the layer unpacks to more than 64 MiB, over 100 times its compressed size"), "\(refused.stderr)")
        #expect(refused.stderr.contains("--max-extract-ratio"))
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root + "/files") == ["keep.txt"])

        let tooBig = try cli.run(["pull", reference, "-o", root + "/layout", "--extract", root + "/files",
                                  "--max-extract-ratio", "100000", "--max-extract-size", "100M"])
        #expect(tooBig.status == 1)
        #expect(tooBig.stderr.contains("the image unpacks to more than 100 MiB, the limit for extracted files; if you trust the image, raise it with --max-extract-size"), "\(tooBig.stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root + "/files") == ["keep.txt"])

        let raised = try cli.run(["pull", reference, "-o", root + "/layout", "--extract", root + "/files",
                                  "--max-extract-ratio", "100000"])
        #expect(raised.status == 0, "\(raised.stderr)")
        let size = try FileManager.default.attributesOfItem(atPath: root + "/files/assets/zeros.bin")[.size] as? NSNumber
        #expect(size?.int64Value == 200 << 20)
    }

    @Test(arguments: [
        (["--extract", "x", "--max-extract-size", "lots"], "the value 'lots' is invalid for '--max-extract-size <size>'"),
        (["--extract", "x", "--max-extract-size", "0"], "the value '0' is invalid for '--max-extract-size <size>'"),
        (["--extract", "x", "--max-extract-ratio", "0"], "--max-extract-ratio must be at least 1"),
        (["--max-extract-size", "1G"], "--max-extract-size and --max-extract-ratio apply only with --extract DIR"),
    ])
    func badLimitFlagsAreUsageErrors(arguments: [String], message: String) throws {
        let run = try cli.run(["pull", "127.0.0.1:1/a:1"] + arguments)
        #expect(run.status == 64)
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("Error: \(message); usage: wasmpack pull"), "\(run.stderr)")
    }
}
