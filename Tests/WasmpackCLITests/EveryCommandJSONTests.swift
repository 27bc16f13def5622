import Foundation
import Testing
import WasmPackTestSupport

/// Issue 10's "--json output is valid JSON matching the README's schema for every command": each
/// command that prints a result, run with `--json` against a registry with authentication, its
/// object checked against the command's shape in `ResultSchema`; the metadata file is the same
/// object and the digest file its digest.
@Suite("--json for every command", .enabled(if: TestRegistry.isAvailable))
struct EveryCommandJSONTests {
    let cli = Wasmpack()

    /// One command's run: its JSON checked, and its result files against it.
    struct Step {
        var command: String
        var arguments: [String]
        /// Registry commands log in; build and inspect of a layout have no registry.
        var logsIn = true
        var shape: ResultSchema.Shape?
    }

    /// Runs `step` with `--json`, `--metadata-file` and (where a digest exists) `--digest-file`;
    /// returns the parsed object after recording every problem with it.
    @discardableResult
    func run(_ step: Step, registry: TestRegistry, in folder: String) throws -> OrderedJSON? {
        let name = step.command + "-" + String(UUID().uuidString.prefix(8))
        var arguments = step.arguments + ["--json", "--metadata-file", name + ".json"]
        let hasDigest = step.command != "tags"
        if hasDigest { arguments += ["--digest-file", name + ".digest"] }
        var input = ""
        if step.logsIn, let username = registry.username, let password = registry.password {
            arguments += ["-u", username, "--password-stdin"]
            input = password
        }
        let run = try cli.run(arguments, in: folder, input: input, isolatedHome: true)
        #expect(run.status == 0, "\(step.command): \(run.stderr)")
        let (document, problems) = ResultSchema.check(run.stdout, command: step.command, shape: step.shape)
        #expect(problems.isEmpty, "\(step.command): \(problems) in \(run.stdout)")
        let metadata = FileManager.default.contents(atPath: folder + "/" + name + ".json").map { String(decoding: $0, as: UTF8.self) }
        #expect(metadata == run.stdout, "\(step.command): the metadata file is stdout's JSON")
        if hasDigest {
            let digest = FileManager.default.contents(atPath: folder + "/" + name + ".digest").map { String(decoding: $0, as: UTF8.self) }
            #expect(digest != nil && digest == document?["digest"]?.stringValue.map { $0 + "\n" }, "\(step.command): \(digest ?? "no digest file")")
        }
        return document
    }

    @Test(arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func everyCommandPrintsOneObjectOfItsShape(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let folder = try cli.temporaryDirectory()
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v2-multi", toPath: folder + "/app")
        let image = "\(registry.host)/every/app"

        let built = try run(Step(command: "build", arguments: ["build", "app", "-o", "layout"], logsIn: false), registry: registry, in: folder)
        let digest = try #require(built?["digest"]?.stringValue)
        let pushed = try run(Step(command: "push", arguments: ["push", image + ":v1", "app"]), registry: registry, in: folder)
        #expect(pushed?["digest"]?.stringValue == digest, "build and push make the same manifest")
        let pulled = try run(Step(command: "pull", arguments: ["pull", image + ":v1", "-o", "pulled"]), registry: registry, in: folder)
        #expect(pulled?["layout"]?.stringValue == folder + "/pulled")

        let local = try run(Step(command: "inspect", arguments: ["inspect", "layout"], logsIn: false), registry: registry, in: folder)
        #expect(local?["layout"]?.stringValue == folder + "/layout")
        #expect(local?["digest"]?.stringValue == digest)
        #expect(local?["wasm"]?.arrayValue?.isEmpty == false)
        let remote = try run(Step(command: "inspect", arguments: ["inspect", image + ":v1"]), registry: registry, in: folder)
        #expect(remote?["ref"]?.stringValue == "\(image)@\(digest)")
        #expect(remote?["layout"] == nil)

        let tags = try run(Step(command: "tags", arguments: ["tags", image]), registry: registry, in: folder)
        #expect(tags?["tags"] == .array([.string("v1")]))
        let resolved = try run(Step(command: "digest", arguments: ["digest", image + ":v1"]), registry: registry, in: folder)
        #expect(resolved?["digest"]?.stringValue == digest)

        let copied = try run(Step(command: "copy", arguments: ["copy", image + ":v1", "\(registry.host)/every/copy"]), registry: registry, in: folder)
        #expect(copied?["source"]?.stringValue == image + ":v1")
        #expect(ResultSchema.outcomes(of: copied) == ["mounted", "mounted"], "one registry: the copy mounts")
        let tagged = try run(Step(command: "tag", arguments: ["tag", "\(registry.host)/every/copy:v1", "stable"]), registry: registry, in: folder)
        #expect(tagged?["tags"] == .array([.string("stable")]))
        let deleted = try run(Step(command: "delete", arguments: ["delete", "\(registry.host)/every/copy@\(digest)"]), registry: registry, in: folder)
        #expect(deleted?["ref"]?.stringValue == "\(registry.host)/every/copy@\(digest)")
    }

    @Test func githubOutputGetsTheDigestOfALookUpAndItsSummaryStaysForCommandsThatMoveImages() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let folder = try cli.temporaryDirectory()
        let login = ["-u", registry.username!, "--password-stdin"]
        let push = try cli.run(["push", "\(registry.host)/ci/app:v1", "v1-wagi", "-q"] + login, input: registry.password!, isolatedHome: true)
        try #require(push.status == 0, "\(push.stderr)")
        let digest = String(push.stdout.split(separator: "@").last ?? "").trimmingCharacters(in: .newlines)
        let environment = ["GITHUB_OUTPUT": folder + "/output", "GITHUB_STEP_SUMMARY": folder + "/summary.md"]

        for arguments in [["tags", "\(registry.host)/ci/app"], ["digest", "\(registry.host)/ci/app:v1"], ["inspect", "\(registry.host)/ci/app:v1"]] {
            let run = try cli.run(arguments + login, in: folder, environment: environment, input: registry.password!, isolatedHome: true)
            #expect(run.status == 0, "\(run.stderr)")
        }
        let ref = "\(registry.host)/ci/app@\(digest)"
        // tags names no digest; digest and inspect record the one they resolved.
        let output = FileManager.default.contents(atPath: folder + "/output").map { String(decoding: $0, as: UTF8.self) }
        #expect(output == "digest=\(digest)\nref=\(ref)\ndigest=\(digest)\nref=\(ref)\n")
        #expect(!FileManager.default.fileExists(atPath: folder + "/summary.md"), "look-ups add no summary table")

        let tag = try cli.run(["tag", "\(registry.host)/ci/app:v1", "prod"] + login, in: folder, environment: environment, input: registry.password!, isolatedHome: true)
        #expect(tag.status == 0, "\(tag.stderr)")
        let summary = FileManager.default.contents(atPath: folder + "/summary.md").map { String(decoding: $0, as: UTF8.self) } ?? ""
        #expect(summary.contains("### wasmpack tag") && summary.contains("`prod`"), "\(summary)")

        let digestFile = try cli.run(["tags", "\(registry.host)/ci/app", "--digest-file", "d.txt"] + login, in: folder, input: registry.password!, isolatedHome: true)
        #expect(digestFile.status == 64, "tags has no digest to write: \(digestFile.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/d.txt"))
    }

    /// corelibs Foundation's NSString path functions trap on a one-letter name; the check must not.
    @Test func aOneLetterResultFileNameIsWrittenNotACrash() throws {
        let folder = try cli.temporaryDirectory()
        let run = try cli.run(["build", CommandLineTests.testdata + "/v2-multi", "-o", "l", "--digest-file", "d", "--metadata-file", "m", "-q"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let digest = FileManager.default.contents(atPath: folder + "/d").map { String(decoding: $0, as: UTF8.self) }
        #expect(digest == run.stdout)
        #expect(FileManager.default.fileExists(atPath: folder + "/m"))
    }
}
