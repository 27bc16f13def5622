import Foundation
import Testing

/// Runs the real `wasmpack` executable, as users and CI pipelines do.
@Suite("wasmpack command line")
struct CommandLineTests {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = packageRoot.appendingPathComponent("testdata").path

    /// The executable sits beside the test bundle in SwiftPM's build folder.
    static var executable: String {
        if let path = ProcessInfo.processInfo.environment["WASMPACK_BIN"] { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("wasmpack")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate.path
            }
            if directory.lastPathComponent.hasSuffix(".xctest") || directory.lastPathComponent == "debug" {
                directory = directory.deletingLastPathComponent()
                continue
            }
            break
        }
        return packageRoot.appendingPathComponent(".build/debug/wasmpack").path
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func wasmpack(_ arguments: [String], in directory: String = testdata, environment: [String: String] = [:], input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for key in ["SOURCE_DATE_EPOCH", "WASMPACK_USERNAME", "WASMPACK_PASSWORD"] { env.removeValue(forKey: key) }
        process.environment = env.merging(environment) { $1 }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let stdin = Pipe()
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self))
    }

    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wasmpack-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func buildPrintsOnlyTheManifestDigestOnStdout() throws {
        let output = try temporaryDirectory() + "/layout"
        let run = try wasmpack(["build", "v1-wagi", "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "sha256:2493d38d5e9ac4836088d02fa05a5af736b5f359537c2ec7dd2f198b6437168d\n")
        #expect(run.stderr.contains("Built"))
    }

    @Test func buildInTheAppFolderWritesDotWasmpackBesideTheManifest() throws {
        let app = try temporaryDirectory() + "/app"
        try FileManager.default.copyItem(atPath: Self.testdata + "/v2-multi", toPath: app)
        let run = try wasmpack(["build"], in: app)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: app + "/.wasmpack/index.json"))
        let inspect = try wasmpack(["inspect", "--format", "json"], in: app)
        #expect(inspect.status == 0)
        let summary = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [String: Any]
        #expect(summary?["digest"] as? String == run.stdout.trimmingCharacters(in: .newlines))
        #expect(summary?["platform"] as? String == "wasi/wasm")
    }

    @Test func sourceDateEpochFromTheEnvironmentSetsCreated() throws {
        let output = try temporaryDirectory() + "/layout"
        let run = try wasmpack(["build", "v1-wagi", "-o", output], environment: ["SOURCE_DATE_EPOCH": "1735689600"])
        #expect(run.status == 0)
        let inspect = try wasmpack(["inspect", output])
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
        let run = try wasmpack(arguments)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n")
        #expect(lines.count == 1 || (lines.count > 1 && lines[1].hasPrefix("Usage:")), "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/wasmpack-never"))
    }

    @Test func invalidSourceDateEpochIsRefused() throws {
        let run = try wasmpack(["build", "v1-wagi", "-o", "/tmp/wasmpack-never"], environment: ["SOURCE_DATE_EPOCH": "yesterday"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("SOURCE_DATE_EPOCH='yesterday'"))
    }

    @Test func aFailedBuildKeepsTheExistingLayoutByteForByte() throws {
        let root = try temporaryDirectory()
        let app = root + "/app"
        try FileManager.default.copyItem(atPath: Self.testdata + "/v1-wagi", toPath: app)
        #expect(try wasmpack(["build", app, "-o", root + "/layout"]).status == 0)
        let before = try FileManager.default.subpathsOfDirectory(atPath: root + "/layout").sorted()
        let index = try Data(contentsOf: URL(fileURLWithPath: root + "/layout/index.json"))

        try "spin_manifest_version = 2\n[application\n".write(toFile: app + "/spin.toml", atomically: true, encoding: .utf8)
        let run = try wasmpack(["build", app, "-o", root + "/layout"])
        #expect(run.status != 0)
        #expect(run.stderr.contains("spin.toml:2"), "\(run.stderr)")
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root + "/layout").sorted() == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/layout/index.json")) == index)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root).sorted() == ["app", "layout"])
    }
}
