import Foundation
import Testing
import WasmPackTestSupport

/// `--json`, `--metadata-file`, `--digest-file` and the GitHub Actions files: what scripts and CI
/// read from build, push and pull, checked against the schema written down in `ResultSchema`.
@Suite("Machine-readable results")
struct ResultOutputCommandTests {
    let cli = Wasmpack()
    /// v2-multi's manifest digest (also PushPullCommandTests' golden).
    static let appDigest = "sha256:6d34fe5f27917df86fb5c262812cec66b4356cadc1d45db178263282098f2841"

    static let buildKeys = [
        "schemaVersion", "command", "digest", "mediaType", "size", "tags", "platform", "format", "target", "layout", "blobs",
    ]
    static let pushKeys = [
        "schemaVersion", "command", "reference", "ref", "digest", "mediaType", "size", "tags", "platform", "format", "target",
        "layout", "blobs",
    ]
    static let pushLayoutKeys = [
        "schemaVersion", "command", "reference", "ref", "digest", "mediaType", "size", "tags", "platform", "layout", "blobs",
    ]

    private func app() throws -> String {
        let app = try cli.temporaryDirectory() + "/app"
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v2-multi", toPath: app)
        return app
    }

    private func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func buildJSONNamesTheLayoutFormatTargetPlatformAndEveryBlobWritten() throws {
        let app = try app()
        let run = try cli.run(["build", "--json", "-o", "out", "-t", "v1", "-t", "latest"], in: app)
        #expect(run.status == 0, "\(run.stderr)")
        let (document, problems) = ResultSchema.check(run.stdout, command: "build", expectedKeys: Self.buildKeys)
        #expect(problems.isEmpty, "\(problems) in \(run.stdout)")
        #expect(document?["digest"]?.stringValue == Self.appDigest)
        #expect(document?["mediaType"]?.stringValue == "application/vnd.oci.image.manifest.v1+json")
        #expect(document?["tags"] == .array([.string("v1"), .string("latest")]))
        #expect(document?["platform"]?.keys == ["os", "architecture"])
        #expect(document?["platform"]?["os"]?.stringValue == "wasi")
        #expect(document?["format"]?.stringValue == "image")
        #expect(document?["target"]?.stringValue == "spinkube")
        #expect(document?["layout"]?.stringValue == URL(fileURLWithPath: app + "/out").standardized.path)
        // Config and one layer, each a file the layout holds, and the manifest's size on disk.
        let blobs = document?["blobs"]?.arrayValue ?? []
        #expect(blobs.count == 2)
        #expect(ResultSchema.outcomes(of: document) == ["written", "written"])
        for blob in blobs {
            let file = app + "/out/blobs/sha256/" + (blob["digest"]?.stringValue ?? "").dropFirst(7)
            let size = try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int64
            #expect(size == blob["size"]?.integerValue)
        }
        let manifestSize = try FileManager.default.attributesOfItem(atPath: app + "/out/blobs/sha256/" + Self.appDigest.dropFirst(7))[.size] as? Int64
        #expect(document?["size"]?.integerValue == manifestSize)
        #expect(run.stderr.contains("Built "), "messages stay on stderr")
    }

    @Test func buildWithoutTargetOrPlatformLeavesThoseKeysOut() throws {
        let folder = try cli.temporaryDirectory()
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/wasm/wagi-preview1.wasm", toPath: folder + "/m.wasm")
        let run = try cli.run(["build", "--format", "wasm-to-oci", "m.wasm", "-o", "out", "--json"], in: folder)
        #expect(run.status == 0, "\(run.stderr)")
        let keys = Self.buildKeys.filter { $0 != "platform" && $0 != "target" }
        let (document, problems) = ResultSchema.check(run.stdout, command: "build", expectedKeys: keys)
        #expect(problems.isEmpty, "\(problems) in \(run.stdout)")
        #expect(document?["format"]?.stringValue == "wasm-to-oci")
        #expect(!run.stdout.contains("null"))
    }

    @Test(arguments: [
        (["--format", "spin"], "spin", "wasip1", true),
        // No runtime target is implied for the CNCF artifact, so none is reported.
        (["--format", "wasm", "--component", "api"], "wasm", "wasip1", false),
        (["--platform", "wasip1/wasm"], "image", "wasip1", true),
    ])
    func buildJSONNamesThePlatformTheConfigStates(options: [String], format: String, os: String, hasTarget: Bool) throws {
        let app = try app()
        let run = try cli.run(["build", "--json", "-o", "out"] + options, in: app)
        #expect(run.status == 0, "\(run.stderr)")
        let keys = Self.buildKeys.filter { hasTarget || $0 != "target" }
        let (document, problems) = ResultSchema.check(run.stdout, command: "build", expectedKeys: keys)
        #expect(problems.isEmpty, "\(problems) in \(run.stdout)")
        #expect(document?["format"]?.stringValue == format)
        #expect(document?["platform"]?["os"]?.stringValue == os)
        #expect(document?["platform"]?["architecture"]?.stringValue == "wasm")
    }

    @Test func buildWithoutJSONStillPrintsOnlyTheDigestAndWritesTheFiles() throws {
        let app = try app()
        let run = try cli.run(
            ["build", "-o", "out", "--metadata-file", "meta.json", "--digest-file", "digest.txt"], in: app,
            environment: ["GITHUB_OUTPUT": "", "GITHUB_STEP_SUMMARY": ""])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == Self.appDigest + "\n")
        #expect(read(app + "/digest.txt") == Self.appDigest + "\n")
        let (_, problems) = ResultSchema.check(read(app + "/meta.json") ?? "", command: "build", expectedKeys: Self.buildKeys)
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func pushReportsUploadedThenExistedAndAPushToASecondRepositoryMounts() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let app = try app()
        let reference = "\(registry.host)/json/app:v1"

        let first = try cli.run(["push", reference, "-t", "stable", "--json"], in: app)
        #expect(first.status == 0, "\(first.stderr)")
        let (pushed, problems) = ResultSchema.check(first.stdout, command: "push", expectedKeys: Self.pushKeys)
        #expect(problems.isEmpty, "\(problems) in \(first.stdout)")
        #expect(pushed?["reference"]?.stringValue == reference)
        #expect(pushed?["ref"]?.stringValue == "\(registry.host)/json/app@\(Self.appDigest)")
        #expect(pushed?["digest"]?.stringValue == Self.appDigest)
        #expect(pushed?["tags"] == .array([.string("v1"), .string("stable")]))
        #expect(pushed?["format"]?.stringValue == "image")
        #expect(pushed?["layout"]?.stringValue == URL(fileURLWithPath: app + "/.wasmpack").standardized.path)
        #expect(ResultSchema.outcomes(of: pushed) == ["uploaded", "uploaded"])

        let again = try cli.run(["push", reference, "--json"], in: app)
        #expect(again.status == 0, "\(again.stderr)")
        let (repushed, againProblems) = ResultSchema.check(again.stdout, command: "push", expectedKeys: Self.pushKeys)
        #expect(againProblems.isEmpty, "\(againProblems)")
        #expect(ResultSchema.outcomes(of: repushed) == ["existed", "existed"])
        #expect(repushed?["tags"] == .array([.string("v1")]))

        // A pulled layout remembers its repository, so a push to another repository of the same
        // registry mounts the blobs instead of sending them again.
        let work = try cli.temporaryDirectory()
        let pull = try cli.run(["pull", reference, "-o", work + "/pulled", "--json"], in: work)
        #expect(pull.status == 0, "\(pull.stderr)")
        let pullKeys = Self.pushLayoutKeys
        let (pulled, pullProblems) = ResultSchema.check(pull.stdout, command: "pull", expectedKeys: pullKeys)
        #expect(pullProblems.isEmpty, "\(pullProblems) in \(pull.stdout)")
        #expect(pulled?["digest"]?.stringValue == Self.appDigest)
        #expect(pulled?["platform"]?["architecture"]?.stringValue == "wasm")
        #expect(pulled?["layout"]?.stringValue == work + "/pulled")
        #expect(ResultSchema.outcomes(of: pulled) == ["downloaded", "downloaded"])

        let second = try cli.run(["push", "\(registry.host)/json/other:v1", "--layout", work + "/pulled", "--json"], in: work)
        #expect(second.status == 0, "\(second.stderr)")
        let (mounted, mountProblems) = ResultSchema.check(second.stdout, command: "push", expectedKeys: Self.pushLayoutKeys)
        #expect(mountProblems.isEmpty, "\(mountProblems) in \(second.stdout)")
        #expect(ResultSchema.outcomes(of: mounted) == ["mounted", "mounted"])
        #expect(mounted?["ref"]?.stringValue == "\(registry.host)/json/other@\(Self.appDigest)")
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func ciFilesGetTheResultAndKeepWhatWasThere() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let app = try app()
        let reference = "\(registry.host)/ci/app:v1"
        try Data("existing=1\n".utf8).write(to: URL(fileURLWithPath: app + "/github-output"))
        try Data("# Earlier step\n".utf8).write(to: URL(fileURLWithPath: app + "/summary.md"))
        try Data("stale\n".utf8).write(to: URL(fileURLWithPath: app + "/digest.txt"))

        let run = try cli.run(
            ["push", reference, "--json", "--metadata-file", "meta.json", "--digest-file", "digest.txt"], in: app,
            environment: ["GITHUB_OUTPUT": app + "/github-output", "GITHUB_STEP_SUMMARY": app + "/summary.md"])
        #expect(run.status == 0, "\(run.stderr)")
        let ref = "\(registry.host)/ci/app@\(Self.appDigest)"
        #expect(read(app + "/meta.json") == run.stdout, "the metadata file is stdout's JSON")
        #expect(read(app + "/digest.txt") == Self.appDigest + "\n")
        #expect(read(app + "/github-output") == "existing=1\ndigest=\(Self.appDigest)\nref=\(ref)\n")
        let summary = read(app + "/summary.md") ?? ""
        #expect(summary.hasPrefix("# Earlier step\n"))
        #expect(summary.contains("| Reference | Digest | Size | Tags | Blobs |"))
        #expect(summary.contains("| \(reference) | `\(Self.appDigest)` |"), "\(summary)")
        #expect(summary.contains("2 (2 uploaded)"), "\(summary)")

        // Without --json stdout keeps its one line; the files still get the JSON.
        let plain = try cli.run(
            ["push", reference, "--metadata-file", "meta2.json"], in: app,
            environment: ["GITHUB_OUTPUT": app + "/github-output", "GITHUB_STEP_SUMMARY": ""])
        #expect(plain.status == 0, "\(plain.stderr)")
        #expect(plain.stdout == ref + "\n")
        let (_, problems) = ResultSchema.check(read(app + "/meta2.json") ?? "", command: "push", expectedKeys: Self.pushKeys)
        #expect(problems.isEmpty, "\(problems)")
        #expect(read(app + "/github-output") == "existing=1\ndigest=\(Self.appDigest)\nref=\(ref)\ndigest=\(Self.appDigest)\nref=\(ref)\n")
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func aFailedPushWritesNoResultFileAndLeavesExistingOnesIntact() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let app = try app()
        let original = Set(try FileManager.default.contentsOfDirectory(atPath: app))
        let files = ["meta.json": "old metadata\n", "digest.txt": "old digest\n", "github-output": "existing=1\n", "summary.md": "# Earlier\n"]
        for (name, content) in files { try Data(content.utf8).write(to: URL(fileURLWithPath: app + "/" + name)) }

        // No credentials for a registry that wants them: the push fails after the build.
        let run = try cli.run(
            ["push", "\(registry.host)/denied/app:v1", "--json", "--metadata-file", "meta.json", "--digest-file", "digest.txt"],
            in: app, environment: ["GITHUB_OUTPUT": app + "/github-output", "GITHUB_STEP_SUMMARY": app + "/summary.md"],
            isolatedHome: true)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        for (name, content) in files { #expect(read(app + "/" + name) == content, "\(name) changed") }
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: app).filter { !files.keys.contains($0) }
        // The registry refuses before the build (push checks access first): nothing new in the app.
        #expect(Set(leftovers) == original, "\(leftovers)")
    }

    @Test(arguments: [
        (["build", "--metadata-file", "/nonexistent-wasmpack/m.json"], "--metadata-file '/nonexistent-wasmpack/m.json': folder '/nonexistent-wasmpack' does not exist"),
        (["build", "--digest-file", "."], "--digest-file '.': is a folder"),
        (["build", "--digest-file", "d/"], "--digest-file 'd/': names a folder"),
        (["pull", "127.0.0.1:9/app:v1", "--metadata-file", "same", "--digest-file", "same"], "both name 'same'"),
        (["push", "127.0.0.1:9/app:v1", "--metadata-file", ""], "--metadata-file '': is empty"),
    ])
    func unwritableResultFilesAreUsageErrorsBeforeAnyWork(arguments: [String], message: String) throws {
        let folder = try cli.temporaryDirectory()
        let run = try cli.run(arguments, in: folder)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains(message), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "nothing built or written")
    }
}
