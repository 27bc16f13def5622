import Foundation
import Testing

/// Runs the real `wasmpack` executable, as users and CI pipelines do.
@Suite("wasmpack command line")
struct CommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = packageRoot.appendingPathComponent("testdata").path

    let cli = Wasmpack()

    @Test func buildPrintsOnlyTheManifestDigestOnStdout() throws {
        let output = try cli.temporaryDirectory() + "/layout"
        let run = try cli.run(["build", "v1-wagi", "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "sha256:2493d38d5e9ac4836088d02fa05a5af736b5f359537c2ec7dd2f198b6437168d\n")
        #expect(run.stderr.contains("Built"))
    }

    @Test func buildInTheAppFolderWritesDotWasmpackBesideTheManifest() throws {
        let app = try cli.temporaryDirectory() + "/app"
        try FileManager.default.copyItem(atPath: Self.testdata + "/v2-multi", toPath: app)
        let run = try cli.run(["build"], in: app)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: app + "/.wasmpack/index.json"))
        let inspect = try cli.run(["inspect", "--format", "json"], in: app)
        #expect(inspect.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any]
        #expect(summary?["digest"] as? String == run.stdout.trimmingCharacters(in: .newlines))
        #expect(summary?["platform"] as? String == "wasi/wasm")
    }

    @Test func sourceDateEpochFromTheEnvironmentSetsCreated() throws {
        let output = try cli.temporaryDirectory() + "/layout"
        let run = try cli.run(["build", "v1-wagi", "-o", output], environment: ["SOURCE_DATE_EPOCH": "1735689600"])
        #expect(run.status == 0)
        let inspect = try cli.run(["inspect", output])
        #expect(inspect.stdout.contains("Created:     2025-01-01T00:00:00Z"))
    }

    @Test(arguments: [
        (["build", "no-such-dir"], "'no-such-dir' does not exist"),
        (["build", "bare/hello.wasm", "-o", "/tmp/wasmpack-never"], "is a bare module"),
        (["build", "v2-multi", "--format", "wasm-to-oci", "-o", "/tmp/wasmpack-never"], "--component (api, fileserver)"),
        (["build", "v1-wagi", "--platform", "wasm", "-o", "/tmp/wasmpack-never"], "invalid platform 'wasm'"),
        (["build", "v1-wagi", "--annotation", "novalue", "-o", "/tmp/wasmpack-never"], "expected KEY=VALUE"),
        (["build", "v1-wagi", "-t", "bad tag", "-o", "/tmp/wasmpack-never"], "invalid tag 'bad tag'"),
        (["inspect", "v1-wagi"], "is not an OCI image layout"),
    ])
    func badInputGetsOneLineOnStderrAndANonZeroExit(arguments: [String], message: String) throws {
        let run = try cli.run(arguments)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1 || (lines.count > 1 && lines[1].hasPrefix("Usage:")), "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/wasmpack-never"))
    }

    @Test func invalidSourceDateEpochIsRefused() throws {
        let run = try cli.run(["build", "v1-wagi", "-o", "/tmp/wasmpack-never"], environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("SOURCE_DATE_EPOCH='yesterday'"))
    }

    @Test func aFailedBuildKeepsTheExistingLayoutByteForByte() throws {
        let root = try cli.temporaryDirectory()
        let app = root + "/app"
        try FileManager.default.copyItem(atPath: Self.testdata + "/v1-wagi", toPath: app)
        #expect(try cli.run(["build", app, "-o", root + "/layout"]).status == 0)
        let before = try FileManager.default.subpathsOfDirectory(atPath: root + "/layout").sorted()
        let index = try Data(contentsOf: URL(fileURLWithPath: root + "/layout/index.json"))

        try "spin_manifest_version = 2\n[application\n".write(toFile: app + "/spin.toml", atomically: true, encoding: .utf8)
        let run = try cli.run(["build", app, "-o", root + "/layout"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("spin.toml:2"), "\(run.stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root + "/layout").sorted() == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/layout/index.json")) == index)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["app", "layout"])
    }
}
