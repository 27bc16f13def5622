import Foundation
import Testing
@testable import WasmPackSpin

/// FIFOs, sockets and devices are refused by name and key wherever the manifest selects them;
/// the reader only `stat`s, so none is ever opened (issue 7 item 6).
@Suite("Special files in the app directory")
struct SpecialFileTests {
    let reader = SpinManifestReader()

    private func app(component: String, fifos: [String], files: [String: String] = ["app.wasm": ""]) throws -> TemporaryApp {
        let app = try TemporaryApp(manifest: v2Manifest(component: component), files: files)
        for fifo in fifos {
            try FileManager.default.createDirectory(
                atPath: (app.path(fifo) as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(mkfifo(app.path(fifo), 0o644) == 0)
        }
        return app
    }

    @Test func aFIFOSourceIsASpecialFile() throws {
        let app = try app(component: "", fifos: ["app.wasm"], files: [:])
        let error = SpinManifestError.specialFile(manifest: app.manifest, key: "[component.app] source", path: "app.wasm", kind: "FIFO")
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description == "\(app.manifest): [component.app] source: 'app.wasm' is a FIFO, not a regular file or directory; wasmpack packs only those, so remove it from the app directory or change the entry")
    }

    @Test(arguments: [
        ("files = [\"static\"]", "[component.app] files[0]", "static/sub/pipe"),
        ("files = [\"static/sub/pipe\"]", "[component.app] files[0]", "static/sub/pipe"),
        ("files = [\"static/**/*\"]", "[component.app] files[0]", "static/sub/pipe"),
        ("files = [\"static/*/*\"]", "[component.app] files[0]", "static/sub/pipe"),
        ("files = [{ source = \"static\", destination = \"/\" }]", "[component.app] files[0].source", "static/sub/pipe"),
        ("files = [{ source = \"static/sub/pipe\", destination = \"/p\" }]", "[component.app] files[0].source", "static/sub/pipe"),
    ])
    func aFIFOAFilesEntrySelectsIsRefusedWithThatEntrysKey(entry: String, key: String, path: String) throws {
        let app = try app(component: entry, fifos: ["static/sub/pipe"], files: ["app.wasm": "", "static/a.txt": ""])
        do {
            _ = try reader.read(path: app.root)
            Issue.record("a FIFO was accepted")
        } catch {
            guard case .specialFile(_, let thrownKey, let thrownPath, let kind) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(thrownKey == key)
            #expect(thrownPath.hasSuffix("pipe"))
            #expect(kind == "FIFO")
        }
    }

    @Test func aFIFOAGlobDoesNotSelectIsIgnored() throws {
        let app = try app(component: "files = [\"static/*.txt\", \"static/*/x.txt\"]", fifos: ["static/pipe"],
                          files: ["app.wasm": "", "static/a.txt": "", "static/d/x.txt": ""])
        let component = try reader.read(path: app.root).components[0]
        #expect(component.files.map(\.relativePath) == ["static/a.txt", "static/d/x.txt"])
    }

    @Test func aSocketIsNamedAsOne() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [\"run\"]"), files: ["app.wasm": ""])
        try FileManager.default.createDirectory(atPath: app.path("run"), withIntermediateDirectories: true)
        let socketPath = app.path("run/app.sock")
        let descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        #expect(descriptor >= 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.prefix(raw.count - 1).enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        try #require(bound == 0, "socket path too long for sockaddr_un: \(socketPath)")
        #expect(throws: SpinManifestError.specialFile(manifest: app.manifest, key: "[component.app] files[0]", path: "run/app.sock", kind: "socket")) {
            try reader.read(path: app.root)
        }
    }
}
