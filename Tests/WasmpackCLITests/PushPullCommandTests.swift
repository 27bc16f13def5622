import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack push` and `pull` as a CI job runs them: results on stdout, secrets nowhere.
@Suite("wasmpack push and pull", .enabled(if: TestRegistry.isAvailable))
struct PushPullCommandTests {
    let cli = Wasmpack()

    @Test func pushInTheAppFolderBuildsPushesAndPrintsOnlyTheReference() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let app = try cli.temporaryDirectory() + "/app"
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v2-multi", toPath: app)
        let push = try cli.run(
            ["push", "\(registry.host)/ci/app:v1", "-t", "stable", "--username", registry.username!, "--password-stdin"],
            in: app, input: registry.password! + "\n")
        #expect(push.status == 0, "\(push.stderr)")
        let digest = "sha256:6d34fe5f27917df86fb5c262812cec66b4356cadc1d45db178263282098f2841"
        #expect(push.stdout == "\(registry.host)/ci/app@\(digest)\n")
        #expect(push.stderr.contains("Uploaded"))

        let output = try cli.temporaryDirectory()
        let pull = try cli.run(
            ["pull", "\(registry.host)/ci/app:stable", "-o", output + "/layout", "--extract", output + "/files"],
            environment: ["WASMPACK_USERNAME": registry.username!, "WASMPACK_PASSWORD": registry.password!])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout == "\(registry.host)/ci/app@\(digest)\n")
        #expect(FileManager.default.contentsEqual(atPath: output + "/files/spin.toml", andPath: app + "/spin.toml"))
    }

    @Test(arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func secretsNeverAppearEvenWithVerbose(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let reference = "\(registry.host)/secret/app:v1"
        let push = try cli.run(
            ["push", reference, "v1-wagi", "--verbose", "--username", registry.username!, "--password-stdin"],
            input: registry.password!)
        #expect(push.status == 0, "\(push.stderr)")
        let pull = try cli.run(
            ["pull", reference, "-o", try cli.temporaryDirectory() + "/p", "--verbose", "-u", registry.username!, "--password", registry.password!])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stderr.contains("--password is visible"))
        let wrong = try cli.run(["pull", reference, "-o", "/tmp/wasmpack-never", "--verbose", "-u", "wasmpack", "--password-stdin"], input: "hunter2-wrong")
        #expect(wrong.status != 0)
        for run in [push, pull, wrong] {
            let everything = run.stdout + run.stderr
            #expect(!everything.contains(registry.password!))
            #expect(!everything.contains("hunter2-wrong"))
            #expect(!everything.contains("Bearer "))
            #expect(!everything.lowercased().contains("authorization:"))
            #expect(!everything.contains("_state="))
        }
        #expect(push.stderr.contains("GET http://\(registry.host)/v2/ → 401"))
    }

    @Test func missingCredentialsGetOneLineSayingHowToGiveThem() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let push = try cli.run(["push", "\(registry.host)/nocreds/app:v1", "v1-wagi"])
        #expect(push.status == 1)
        #expect(push.stdout.isEmpty)
        let errorLines = push.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errorLines.count == 1)
        #expect(push.stderr.contains("--password-stdin"), "\(push.stderr)")
    }

    @Test(arguments: [
        (["push", "Registry.IO/App:v1"], "repository name must be lowercase"),
        (["pull", "ghcr.io/app:bad tag"], "invalid reference"),
        (["push", "127.0.0.1:9/app:v1", "--layout", "/nonexistent"], "is not an OCI image layout"),
        (["push", "127.0.0.1:9/app:v1", "--password-stdin"], "a password needs a user name"),
    ])
    func badReferencesAndOptionsAreRefusedWithOneLine(arguments: [String], message: String) throws {
        let run = try cli.run(arguments)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }
}
