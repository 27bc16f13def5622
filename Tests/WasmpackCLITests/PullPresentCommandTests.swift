import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack pull` into a layout that already holds the image: every blob reported `present`, in
/// the JSON result and on stderr, and nothing downloaded again.
@Suite("wasmpack pull of blobs already in the layout", .enabled(if: TestRegistry.isAvailable))
struct PullPresentCommandTests {
    let cli = Wasmpack()
    static let pullKeys = [
        "schemaVersion", "command", "reference", "ref", "digest", "mediaType", "size", "tags", "platform", "layout", "blobs",
    ]

    private func pushedApp(_ registry: TestRegistry, _ reference: String) throws {
        let app = try cli.temporaryDirectory() + "/app"
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v2-multi", toPath: app)
        let push = try cli.run(["push", reference, "-q"], in: app)
        #expect(push.status == 0, "\(push.stderr)")
    }

    @Test func aSecondPullReportsEveryBlobPresentInJSONAndAPresentLinePerBlob() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let reference = "\(registry.host)/present/app:v1"
        try pushedApp(registry, reference)
        let work = try cli.temporaryDirectory()

        let first = try cli.run(["pull", reference, "-o", work + "/pulled", "--json", "--extract", work + "/first"], in: work)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(ResultSchema.outcomes(of: ResultSchema.check(first.stdout, command: "pull", expectedKeys: Self.pullKeys).0)
            == ["downloaded", "downloaded"])

        let second = try cli.run(["pull", reference, "-o", work + "/pulled", "--json", "--extract", work + "/second"], in: work)
        #expect(second.status == 0, "\(second.stderr)")
        let (pulled, problems) = ResultSchema.check(second.stdout, command: "pull", expectedKeys: Self.pullKeys)
        #expect(problems.isEmpty, "\(problems) in \(second.stdout)")
        #expect(ResultSchema.outcomes(of: pulled) == ["present", "present"])
        #expect(second.stderrLines.filter { $0.hasPrefix("Present  sha256:") }.count == 2, "\(second.stderr)")
        #expect(!second.stderr.contains("Downloaded"), "\(second.stderr)")
        let firstFiles = try FileManager.default.subpathsOfDirectory(atPath: work + "/first").sorted()
        #expect(!firstFiles.isEmpty)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: work + "/second").sorted() == firstFiles)
        #expect(FileManager.default.contentsEqual(atPath: work + "/first", andPath: work + "/second"))
    }

    @Test func atATerminalPresentBlobsLeaveTheirFinalLine() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let reference = "\(registry.host)/present/tty:v1"
        try pushedApp(registry, reference)
        let work = try cli.temporaryDirectory()
        let first = try cli.run(["pull", reference, "-o", work + "/pulled", "-q"], in: work)
        #expect(first.status == 0, "\(first.stderr)")

        let run = try PseudoTerminal.run(Wasmpack.executable, ["pull", reference, "-o", work + "/pulled"], in: work)
        #expect(run.status == 0, "\(run.terminal)")
        #expect(run.terminal.components(separatedBy: "Present  sha256:").count - 1 == 2, "\(run.terminal.debugDescription)")
        #expect(run.terminal.contains("Pulled   sha256:"), "\(run.terminal.debugDescription)")
    }
}
