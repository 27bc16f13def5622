import Foundation
import Testing
import WasmPackTestSupport

/// `build --format spin` with `source = { url, digest }`: downloaded, verified and packed as Spin
/// does, from a real HTTP server on 127.0.0.1 (python3's http.server).
@Suite("build --format spin with remote sources")
struct SpinRemoteSourceCommandTests {
    let cli = Wasmpack()
    static let module: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]
    static let moduleDigest = "sha256:93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476"

    /// Serves `folder` on 127.0.0.1; stopped when the returned process is terminated.
    static func serve(_ folder: String) throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = ["-u", "-c", """
            import functools, http.server, sys
            handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[1])
            server = http.server.HTTPServer(("127.0.0.1", 0), handler)
            print(server.server_address[1], flush=True)
            server.serve_forever()
            """, folder]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line += byte }
        return (process, Int(String(decoding: line, as: UTF8.self)) ?? 0)
    }

    func app(url: String, digest: String) throws -> String {
        let folder = try cli.temporaryDirectory() + "/app"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("""
            spin_manifest_version = 2
            [application]
            name = "remote"
            [[trigger.http]]
            route = "/..."
            component = "r"
            [component.r]
            source = { url = "\(url)", digest = "\(digest)" }
            """.utf8).write(to: URL(fileURLWithPath: folder + "/spin.toml"))
        return folder
    }

    @Test func aRemoteSourceIsDownloadedVerifiedCachedAndPacked() throws {
        let served = try cli.temporaryDirectory()
        try Data(Self.module).write(to: URL(fileURLWithPath: served + "/r.wasm"))
        let (server, port) = try Self.serve(served)
        defer { server.terminate() }
        let app = try app(url: "http://127.0.0.1:\(port)/r.wasm", digest: Self.moduleDigest)
        let cache = try cli.temporaryDirectory()
        let environment = ["CI": "", "XDG_CACHE_HOME": cache]
        let run = try cli.run(["build", app, "--format", "spin", "-o", app + "/out"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(FileManager.default.fileExists(atPath: app + "/out/blobs/sha256/" + Self.moduleDigest.dropFirst(7)))
        #expect(FileManager.default.fileExists(atPath: cache + "/wasmpack/sources/sha256/" + Self.moduleDigest.dropFirst(7)))

        // From the cache: the server is gone, the digest is the same.
        server.terminate()
        let again = try cli.run(["build", app, "--format", "spin", "-o", app + "/out2"], environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == run.stdout)
    }

    @Test func aWrongDigestIsAOneLineErrorAndNothingIsWritten() throws {
        let served = try cli.temporaryDirectory()
        try Data(Self.module + [0]).write(to: URL(fileURLWithPath: served + "/r.wasm"))
        let (server, port) = try Self.serve(served)
        defer { server.terminate() }
        let app = try app(url: "http://127.0.0.1:\(port)/r.wasm", digest: Self.moduleDigest)
        let run = try cli.run(["build", app, "--format", "spin", "-o", app + "/out"],
                              environment: ["CI": "", "XDG_CACHE_HOME": try cli.temporaryDirectory()])
        #expect(run.status == 1)
        #expect(run.stderrLines.last?.contains("not the \(Self.moduleDigest) spin.toml names") == true, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: app + "/out"))
    }

    @Test(arguments: [(["--no-remote"], [:]), ([], ["CI": "true"])] as [([String], [String: String])])
    func withNoRemoteOrInCINothingIsDownloadedAndTheBuildSaysWhy(flags: [String], environment: [String: String]) throws {
        // Port 9 (discard) on 127.0.0.1: any download attempt would fail differently.
        let app = try app(url: "http://127.0.0.1:9/r.wasm", digest: Self.moduleDigest)
        let run = try cli.run(["build", app, "--format", "spin", "-o", app + "/out"] + flags,
                              environment: environment.merging(["XDG_CACHE_HOME": try cli.temporaryDirectory()]) { $1 })
        #expect(run.status == 1)
        #expect(run.stderr.contains("component 'r' has a remote or registry source"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: app + "/out"))
    }
}
