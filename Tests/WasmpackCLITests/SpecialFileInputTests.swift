import Foundation
import Testing
import WasmPackTestSupport

/// A FIFO, socket or device where wasmpack expects a file is refused by name, never opened:
/// opening a FIFO for reading blocks until a writer comes, so `mkfifo m.wasm; wasmpack build
/// --format wasm-to-oci m.wasm` used to hang (issue 7 item 6). Every run has a deadline, so a
/// regression fails here instead of hanging the suite.
@Suite("special files as build inputs")
struct SpecialFileInputTests {
    let cli = Wasmpack(timeout: 20)

    /// testdata/v2-multi copied to a fresh folder, with `mutate` applied to it.
    private func app(_ mutate: (String) throws -> Void) throws -> String {
        let root = try TestScratch.folder("fifo")
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v2-multi", toPath: root + "/app")
        try mutate(root + "/app")
        return root
    }

    private func mkfifo(_ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        #expect(Glibc.mkfifo(path, 0o644) == 0)
    }

    private func replaceInManifest(_ app: String, _ old: String, _ new: String) throws {
        let manifest = app + "/spin.toml"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(toFile: manifest, atomically: true, encoding: .utf8)
    }

    /// Exit 1 in time, one stderr line naming what and where, no layout written.
    private func expectRefused(_ arguments: [String], root: String, mentions: [String]) throws {
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try cli.run(arguments + ["-o", root + "/out"], in: root)
        #expect(!run.timedOut, "wasmpack blocked on a special file")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        for text in mentions { #expect(run.stderr.contains(text), "\(run.stderr)") }
        #expect(!FileManager.default.fileExists(atPath: root + "/out"))
    }

    @Test func aFIFONamedAsTheWasmToOCIModuleIsRefused() throws {
        let root = try app { _ in }
        try mkfifo(root + "/m.wasm")
        try expectRefused(["build", "--format", "wasm-to-oci", "m.wasm"], root: root,
                          mentions: ["/m.wasm' is a FIFO, not a regular file"])
    }

    @Test func aFIFOAsAComponentSourceIsRefusedWithItsKey() throws {
        let root = try app { app in
            try FileManager.default.removeItem(atPath: app + "/api/api.wasm")
            try mkfifo(app + "/api/api.wasm")
        }
        try expectRefused(["build", "app"], root: root,
                          mentions: ["[component.api] source", "'api/api.wasm' is a FIFO"])
    }

    @Test func aFIFOAsTheComponentOfAWasmToOCIBuildIsRefused() throws {
        let root = try app { app in
            try FileManager.default.removeItem(atPath: app + "/api/api.wasm")
            try mkfifo(app + "/api/api.wasm")
        }
        try expectRefused(["build", "app", "--format", "wasm-to-oci", "--component", "api"], root: root,
                          mentions: ["[component.api] source", "'api/api.wasm' is a FIFO"])
    }

    @Test func aFIFOInADirectoryAFilesEntryWalksIsRefusedWithTheEntrysKey() throws {
        let root = try app { app in try mkfifo(app + "/assets/sub/pipe") }
        try expectRefused(["build", "app"], root: root,
                          mentions: ["[component.fileserver] files[0].source", "'assets/sub/pipe' is a FIFO"])
    }

    @Test func aFIFONamedByAPlainFilesEntryIsRefused() throws {
        let root = try app { app in
            try mkfifo(app + "/data.txt")
            try replaceInManifest(app, "files = [{ source = \"assets\", destination = \"/\" }]", "files = [\"data.txt\"]")
        }
        try expectRefused(["build", "app"], root: root,
                          mentions: ["[component.fileserver] files[0]", "'data.txt' is a FIFO"])
    }

    @Test func aFIFOAGlobSelectsIsRefused() throws {
        let root = try app { app in
            try mkfifo(app + "/web/b.html")
            try Data("a".utf8).write(to: URL(fileURLWithPath: app + "/web/a.html"))
            try replaceInManifest(app, "files = [{ source = \"assets\", destination = \"/\" }]", "files = [\"web/*.html\"]")
        }
        try expectRefused(["build", "app"], root: root,
                          mentions: ["[component.fileserver] files[0]", "'web/b.html' is a FIFO"])
    }

    @Test func aFIFOAsAMountedFilesSourceIsRefused() throws {
        let root = try app { app in
            try mkfifo(app + "/one")
            try replaceInManifest(app, "files = [{ source = \"assets\", destination = \"/\" }]",
                                  "files = [{ source = \"one\", destination = \"/one\" }]")
        }
        try expectRefused(["build", "app"], root: root,
                          mentions: ["[component.fileserver] files[0].source", "'one' is a FIFO"])
    }

    @Test func aFIFOAsALocalDependencyIsRefused() throws {
        let root = try app { app in
            try mkfifo(app + "/deps/dep.wasm")
            try replaceInManifest(app, "allowed_outbound_hosts = []",
                                  "allowed_outbound_hosts = []\n[component.api.dependencies]\n\"my:dep\" = { path = \"deps/dep.wasm\" }")
        }
        try expectRefused(["build", "app"], root: root, mentions: ["dependencies", "'deps/dep.wasm' is a FIFO"])
    }

    @Test func aFIFOAsDockersConfigIsRefusedBeforeAnyRequest() throws {
        let root = try app { _ in }
        defer { try? FileManager.default.removeItem(atPath: root) }
        try mkfifo(root + "/docker/config.json")
        let run = try cli.run(["pull", "127.0.0.1:9/a/b:1", "-o", root + "/out"], in: root,
                              environment: ["DOCKER_CONFIG": root + "/docker"])
        #expect(!run.timedOut, "wasmpack blocked on a FIFO config.json")
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(root + "/docker/config.json"), "\(run.stderr)")
        #expect(run.stderr.contains("not a regular file"), "\(run.stderr)")
    }

    @Test func aFIFOAsTheCAFileIsAUsageError() throws {
        let root = try app { _ in }
        defer { try? FileManager.default.removeItem(atPath: root) }
        try mkfifo(root + "/ca.pem")
        let run = try cli.run(["pull", "127.0.0.1:9/a/b:1", "--ca-file", root + "/ca.pem"], in: root)
        #expect(!run.timedOut)
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("Error: --ca-file '\(root)/ca.pem' is not a regular file"), "\(run.stderr)")
    }

    @Test func aFIFOElsewhereInTheAppIsLeftAlone() throws {
        let root = try app { app in try mkfifo(app + "/not-packed.wasm") }
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try cli.run(["build", "app", "-o", root + "/out"], in: root)
        #expect(!run.timedOut)
        #expect(run.status == 0, "\(run.stderr)")
    }
}
