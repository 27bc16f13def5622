import Foundation
import Testing
import WasmPackTestSupport

/// A push that cannot succeed fails before it builds anything, and options that would do nothing
/// say so instead of being silently ignored.
@Suite("Early failures and no silent ignores")
struct EarlyFailureCommandTests {
    let cli = Wasmpack()

    /// An app whose build command leaves a marker file: its absence proves no build command ran.
    func appWithMarkingBuild() throws -> (app: String, marker: String) {
        let apps = BuildCommandTests()
        let (app, _) = try apps.app(manifest: apps.manifest(command: "\"touch built-marker\""), files: ["api.wasm": "\0asm\u{1}\0\0\0"])
        return (app, app + "/built-marker")
    }

    func errorLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
    }

    @Test func pushToAnUnknownHostFailsBeforeAnyBuildCommandRuns() throws {
        let (app, marker) = try appWithMarkingBuild()
        let run = try cli.run(["push", "no-such-registry.invalid/app:v1", "--build"], in: app, isolatedHome: true)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(errorLines(run.stderr).count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("no-such-registry.invalid"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))
    }

    @Test(.enabled(if: TestRegistry.isAvailable), arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func pushWithoutLoginFailsBeforeAnyBuildCommandRuns(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let (app, marker) = try appWithMarkingBuild()
        let run = try cli.run(["push", "\(registry.host)/early/app:v1", "--build"], in: app, isolatedHome: true)
        #expect(run.status == 1)
        #expect(errorLines(run.stderr).count == 1, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))

        let wrong = try cli.run(
            ["push", "\(registry.host)/early/app:v1", "--build", "-u", registry.username!, "--password-stdin"],
            in: app, input: "not-the-password", isolatedHome: true)
        #expect(wrong.status == 1)
        #expect(errorLines(wrong.stderr).count == 1, "\(wrong.stderr)")
        #expect(!FileManager.default.fileExists(atPath: marker))
        #expect(!registry.requests.contains { $0.method != "GET" && $0.method != "HEAD" }, "\(registry.requests)")

        // With the login, the same push builds and pushes.
        let good = try cli.run(
            ["push", "\(registry.host)/early/app:v1", "--build", "-u", registry.username!, "--password-stdin"],
            in: app, input: registry.password!, isolatedHome: true)
        #expect(good.status == 0, "\(good.stderr)")
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test(arguments: [
        (["build", "v2-multi", "--component", "api"], "--component picks the module of --format wasm-to-oci or wasm"),
        (["build", "v2-multi", "--format", "spin", "--component", "api"], "--format spin packs every component"),
        (["push", "127.0.0.1:1/app:v1", "v2-multi", "--component", "api"], "--format image packs every component"),
        (["build", "v2-multi", "--platform", "WASI/WASM"], "invalid platform 'WASI/WASM': platform names are lower case; use 'wasi/wasm'"),
        (["pull", "registry.example/app:v1", "--platform", "Wasi/wasm"], "platform names are lower case; use 'wasi/wasm'"),
        (["build", "bare/hello.wasm", "--format", "wasm-to-oci", "--platform", "linux/amd64"], "--format wasm-to-oci does not use it"),
        (["build", "bare/hello.wasm", "--format", "wasm", "--platform", "wasip2/wasm"], "--format wasm does not use it"),
    ])
    func anOptionThatWouldBeIgnoredIsAUsageError(arguments: [String], message: String) throws {
        let output = try cli.temporaryDirectory() + "/out"
        let run = try cli.run(arguments + ["-o", output], isolatedHome: true)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(errorLines(run.stderr).count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aPlatformNameNoRuntimeUsesIsAWarning() throws {
        let output = try cli.temporaryDirectory() + "/out"
        let run = try cli.run(["build", "v2-multi", "--platform", "wasm32/wasi", "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        let warnings = run.stderr.split(separator: "\n").filter { $0.hasPrefix("warning:") }
        #expect(warnings == ["warning: --platform wasm32/wasi: no runtime is known to use the OS 'wasm32'; wasm runtimes use wasi/wasm, wasip1/wasm or wasip2/wasm"])
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func pullWithAPlatformASingleManifestCannotHonourFailsOrWarns() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let layouts = try cli.temporaryDirectory()
        #expect(try cli.run(["build", "v2-multi", "-o", layouts + "/image"]).status == 0)
        #expect(try cli.run(["build", "bare/hello.wasm", "--format", "wasm-to-oci", "-o", layouts + "/artifact"]).status == 0)
        #expect(try cli.run(["push", "\(registry.host)/single/image:v1", "--layout", layouts + "/image"]).status == 0)
        #expect(try cli.run(["push", "\(registry.host)/single/artifact:v1", "--layout", layouts + "/artifact"]).status == 0)

        // The image's config says wasi/wasm: another platform is an error, and nothing is written.
        let output = try cli.temporaryDirectory()
        let other = try cli.run(["pull", "\(registry.host)/single/image:v1", "--platform", "linux/amd64", "-o", output + "/a"])
        #expect(other.status == 1)
        #expect(errorLines(other.stderr) == [
            "Error: \(registry.host)/single/image:v1 is a single manifest for wasi/wasm, not an index to pick linux/amd64 from; pull it without --platform, or pick another reference",
        ], "\(other.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output + "/a"))
        // The same platform is simply honoured.
        let same = try cli.run(["pull", "\(registry.host)/single/image:v1", "--platform", "wasi/wasm", "-o", output + "/b"])
        #expect(same.status == 0, "\(same.stderr)")
        #expect(!same.stderr.contains("warning:"))

        // A wasm-to-oci config names no platform: there is nothing to check, and the user is told.
        let artifact = try cli.run(["pull", "\(registry.host)/single/artifact:v1", "--platform", "wasi/wasm", "-o", output + "/c"])
        #expect(artifact.status == 0, "\(artifact.stderr)")
        #expect(artifact.stderr.contains(
            "warning: --platform wasi/wasm ignored: \(registry.host)/single/artifact:v1 is a single manifest whose config (application/vnd.wasm.config.v1+json) names no platform"),
            "\(artifact.stderr)")
    }
}
