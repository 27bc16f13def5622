import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `wasmpack build --build` / `push --build`: each component's `[component.<id>.build]` commands run
/// first, like `spin build`, their output on stderr, a failure named by component and exit code.
@Suite("wasmpack build --build")
struct BuildCommandTests {
    let cli = Wasmpack()

    /// A fresh copy of a testdata app (the build writes into it); the caller removes `parent`.
    func copyOf(_ name: String) throws -> (app: String, parent: String) {
        let parent = try cli.temporaryDirectory()
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/" + name, toPath: parent + "/app")
        return (parent + "/app", parent)
    }

    func app(manifest: String, files: [String: String] = [:]) throws -> (app: String, parent: String) {
        let parent = try cli.temporaryDirectory()
        let app = parent + "/app"
        try FileManager.default.createDirectory(atPath: app, withIntermediateDirectories: true)
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        for (path, contents) in files {
            try FileManager.default.createDirectory(atPath: ((app + "/" + path) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: URL(fileURLWithPath: app + "/" + path))
        }
        return (app, parent)
    }

    func manifest(command: String, workdir: String? = nil) -> String {
        """
        spin_manifest_version = 2
        [application]
        name = "t"
        [[trigger.http]]
        route = "/..."
        component = "api"
        [component.api]
        source = "api.wasm"
        [component.api.build]
        command = \(command)
        \(workdir.map { "workdir = \"\($0)\"" } ?? "")
        """
    }

    func errorLines(_ stderr: String) -> [Substring] {
        stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
    }

    @Test func buildFlagRunsTheCommandsThenPacksWhatTheyMade() throws {
        let (app, parent) = try copyOf("build-v2")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "-o", parent + "/layout"], in: app)
        #expect(run.status == 0, "\(run.stderr)")
        // stdout holds the digest and nothing of the build commands' output, which is on stderr.
        #expect(run.stdout.hasPrefix("sha256:") && run.stdout.split(separator: "\n").count == 1, "\(run.stdout)")
        for line in ["api build: stdout line", "api build: stderr line", "web step one",
                     "Building component api: sh build.sh",
                     "Building component web, step 2/2: cp web/prebuilt.wasm web/web.wasm",
                     "component static has no build command; skipped"] {
            #expect(run.stderr.contains(line), "\(line) missing from: \(run.stderr)")
        }
        // The api command ran in its workdir (build.sh and api.wat are only found there).
        #expect(FileManager.default.fileExists(atPath: app + "/api/target/api.wasm"))
        #expect(FileManager.default.fileExists(atPath: app + "/web/web.wasm"))
        // The image holds what the commands made: a plain build of the built app gives the same digest.
        let again = try cli.run(["build", "-o", parent + "/layout2"], in: app)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == run.stdout)
    }

    @Test func withoutBuildFlagAMissingSourceSaysToAddIt() throws {
        let (app, parent) = try copyOf("build-v2")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "-o", parent + "/layout"], in: app)
        #expect(run.status == 1)
        #expect(errorLines(run.stderr).count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("[component.api] source: file 'api/target/api.wasm' does not exist; build it first (add --build to run the manifest's build commands, or run `spin build`)"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: parent + "/layout"))
    }

    @Test func aFailingCommandNamesComponentCommandAndExitCodeAndWritesNothing() throws {
        let (app, parent) = try app(manifest: manifest(command: "\"echo partial output; exit 3\""))
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "-o", parent + "/layout"], in: app)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("partial output"), "\(run.stderr)")
        let errors = errorLines(run.stderr)
        #expect(errors.count == 1, "\(run.stderr)")
        #expect(errors.first == "Error: \(app)/spin.toml: build command `echo partial output; exit 3` of component api failed with exit code 3; fix the build (its output is above) and try again")
        #expect(!FileManager.default.fileExists(atPath: parent + "/layout"))
    }

    @Test func aFailingCommandLeavesAnExistingLayoutIntact() throws {
        let (app, parent) = try copyOf("build-v2")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        #expect(try cli.run(["build", "--build", "-o", parent + "/layout"], in: app).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: parent + "/layout/index.json"))
        let manifestPath = app + "/spin.toml"
        let broken = try String(contentsOfFile: manifestPath, encoding: .utf8)
            .replacingOccurrences(of: "command = \"sh build.sh\"", with: "command = \"exit 7\"")
        try Data(broken.utf8).write(to: URL(fileURLWithPath: manifestPath))
        let run = try cli.run(["build", "--build", "-o", parent + "/layout", "-t", "other"], in: app)
        #expect(run.status == 1)
        #expect(run.stderr.contains("of component api failed with exit code 7"), "\(run.stderr)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: parent + "/layout/index.json")) == before)
    }

    @Test func laterCommandsOfAComponentDoNotRunAfterOneFails() throws {
        let (app, parent) = try app(manifest: manifest(command: "[\"false\", \"touch ran-second\"]"))
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "-o", parent + "/layout"], in: app)
        #expect(run.status == 1)
        #expect(run.stderr.contains("build command `false` of component api failed with exit code 1"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: app + "/ran-second"))
    }

    @Test func aCommandKilledByASignalSaysWhichSignal() throws {
        let (app, parent) = try app(manifest: manifest(command: "\"kill -9 $$\""))
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "-o", parent + "/layout"], in: app)
        #expect(run.status == 1)
        #expect(errorLines(run.stderr).count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("build command `kill -9 $$` of component api was killed by signal 9 (SIGKILL)"), "\(run.stderr)")
    }

    @Test func componentOptionBuildsOnlyThatComponent() throws {
        let (app, parent) = try copyOf("build-v2")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        // api was built before; only web is rebuilt, and the image still packs the whole app.
        try FileManager.default.createDirectory(atPath: app + "/api/target", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: app + "/static.wasm", toPath: app + "/api/target/api.wasm")
        let run = try cli.run(["build", "--build", "--component", "web", "-o", parent + "/layout"], in: app)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("Building component web"))
        #expect(!run.stderr.contains("api build:"), "\(run.stderr)")
        #expect(!run.stderr.contains("Building component api"))
        #expect(!run.stderr.contains("component static"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: app + "/web/web.wasm"))
    }

    @Test func componentOptionWithAnUnknownIdListsTheComponents() throws {
        let (app, parent) = try copyOf("build-v2")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "--component", "nope", "-o", parent + "/layout"], in: app)
        #expect(run.status == 1)
        #expect(run.stderr.contains("has no component 'nope'; its components are: api, web, static"), "\(run.stderr)")
    }

    @Test func theCommandRunsInItsWorkdirRelativeToTheManifest() throws {
        let (app, parent) = try app(
            manifest: manifest(command: "\"pwd > ../where && cp built.wasm ../../api.wasm\"", workdir: "sub/dir"),
            files: ["sub/dir/built.wasm": "\0asm\u{1}\0\0\0"])
        defer { try? FileManager.default.removeItem(atPath: parent) }
        // Run from elsewhere, naming the manifest: the workdir is relative to its folder, not ours.
        let run = try cli.run(["build", "--build", app + "/spin.toml", "-o", parent + "/layout"], in: parent)
        #expect(run.status == 0, "\(run.stderr)")
        let recorded = try String(contentsOfFile: app + "/sub/where", encoding: .utf8)
        #expect(recorded.hasSuffix("/app/sub/dir\n"), "\(recorded)")
    }

    @Test func aMissingWorkdirIsNamed() throws {
        let (app, parent) = try app(manifest: manifest(command: "\"true\"", workdir: "nowhere"))
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "-o", parent + "/layout"], in: app)
        #expect(run.status == 1)
        #expect(run.stderr.contains("component api: build workdir 'nowhere' is not a directory"), "\(run.stderr)")
    }

    @Test func anAbsoluteWorkdirIsRefusedNamingTheKey() throws {
        let (app, parent) = try app(manifest: manifest(command: "\"true\"", workdir: "/tmp"))
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "-o", parent + "/layout"], in: app)
        #expect(run.status == 1)
        #expect(run.stderr.contains("[component.api] build.workdir: '/tmp' is an absolute path"), "\(run.stderr)")
    }

    @Test func aV1ManifestsBuildTableRuns() throws {
        let (app, parent) = try copyOf("build-v1")
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "-o", parent + "/layout"], in: app)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("built hello in app"), "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: app + "/out/hello.wasm"))
    }

    @Test func theBuildSeesWasmpacksEnvironment() throws {
        let (app, parent) = try app(manifest: manifest(command: "\"printf %s \\\"$WASMPACK_TEST_VALUE\\\" > seen && cp /dev/null api.wasm\""))
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", "--build", "-o", parent + "/layout"], in: app,
                                   environment: ["WASMPACK_TEST_VALUE": "from the caller"])
        // An empty api.wasm is not wasm, but the command ran first: that is what this checks.
        _ = run
        #expect(try String(contentsOfFile: app + "/seen", encoding: .utf8) == "from the caller")
    }

    @Test func buildFlagOnABareModuleIsRefused() throws {
        let parent = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: URL(fileURLWithPath: parent + "/m.wasm"))
        let run = try cli.run(["build", "--build", "--format", "wasm-to-oci", "m.wasm", "-o", parent + "/layout"], in: parent)
        #expect(run.status == 1)
        #expect(run.stderr.contains("--build needs an app with a spin.toml, but 'm.wasm' is a single module"), "\(run.stderr)")
    }

    @Test func pushRefusesBuildWithLayout() throws {
        let run = try cli.run(["push", "127.0.0.1:1/x:y", "--layout", "somewhere", "--build"])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--build builds an app, but --layout pushes an existing layout"), "\(run.stderr)")
    }

    /// Ctrl-C reaches wasmpack's process group only; the build's own group must be stopped too,
    /// grandchildren included, and nothing packed.
    @Test(arguments: [SIGINT, SIGTERM])
    func anInterruptStopsTheBuildsWholeProcessGroup(signalNumber: Int32) throws {
        let (app, parent) = try app(manifest: manifest(command: "\"sh -c 'echo $$ > grandchild; exec sleep 60' ; touch finished\""))
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let background = try cli.start(["build", "--build", "-o", parent + "/layout"], in: app)
        let deadline = Date().addingTimeInterval(10)
        var grandchild: pid_t = 0
        while Date() < deadline {
            if let text = try? String(contentsOfFile: app + "/grandchild", encoding: .utf8),
               let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                grandchild = pid
                break
            }
            usleep(20_000)
        }
        try #require(grandchild > 0, "the build command did not start: \(background.stderr)")
        usleep(100_000)
        background.send(signalNumber)
        let status = background.wait(seconds: 10)
        #expect(status == 128 + signalNumber, "\(background.stderr)")
        usleep(100_000)
        #expect(!Self.isRunning(grandchild), "sleep \(grandchild) survived the interrupt")
        if Self.isRunning(grandchild) { kill(grandchild, SIGKILL) }
        #expect(!FileManager.default.fileExists(atPath: app + "/finished"))
        #expect(!FileManager.default.fileExists(atPath: parent + "/layout"))
    }

    /// Alive and not a zombie: a killed orphan may wait a while for a reaper that never comes here.
    static func isRunning(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        return !stat[stat.index(after: close)...].hasPrefix(" Z")
    }
}
