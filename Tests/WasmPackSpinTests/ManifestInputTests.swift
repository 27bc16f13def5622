import Foundation
import Testing
@testable import WasmPackSpin

#if canImport(Glibc)
import Glibc
#endif

/// What the manifest reader refuses before any file is looked up: NUL bytes in path strings
/// (issue 7 item 7), ids Spin would refuse, a spin.toml that is not a regular file or is huge.
@Suite("Manifest input checks: NUL in paths, component ids, what spin.toml may be")
struct ManifestInputTests {
    let reader = SpinManifestReader()

    /// Each path-like string with `\u0000` inside, and the key the error must name. Before the check
    /// the C library cut the path at the NUL (`api/api.wasm\u0000../../x` read as `api/api.wasm`).
    @Test(arguments: [
        ("source = \"app.wasm\\u0000../../x\"", "[component.app] source"),
        ("source = \"app.wasm\"\nfiles = [\"static\\u0000/x\"]", "[component.app] files[0]"),
        ("source = \"app.wasm\"\nfiles = [{ source = \"s\\u0000\", destination = \"/\" }]", "[component.app] files[0].source"),
        ("source = \"app.wasm\"\nfiles = [{ source = \"s\", destination = \"/\\u0000\" }]", "[component.app] files[0].destination"),
        ("source = \"app.wasm\"\nexclude_files = [\"a\", \"b\\u0000\"]", "[component.app] exclude_files[1]"),
        ("source = \"app.wasm\"\ndependencies = { \"foo:bar\" = { path = \"d\\u0000.wasm\" } }", "[component.app] dependencies.\"foo:bar\".path"),
    ])
    func nulInAPathStringIsRejectedNamingTheKey(component: String, key: String) throws {
        let manifest = """
            spin_manifest_version = 2
            [application]
            name = "nul"
            [[trigger.http]]
            route = "/..."
            component = "app"
            [component.app]
            \(component)
            """
        let app = try TemporaryApp(manifest: manifest, files: ["app.wasm": "", "static/x": "", "s": ""])
        let expected = SpinManifestError.nulInPath(manifest: app.manifest, key: key)
        #expect(throws: expected) { try reader.read(path: app.root) }
        #expect(throws: expected) { try reader.parseManifest(bytes: Array(manifest.utf8), path: app.manifest) }
        #expect(expected.description == "\(app.manifest): \(key) contains a NUL character (\\u0000), which no path may hold; remove it")
    }

    @Test func componentIdsSpinWouldRefuseAreRejectedWithTheRule() throws {
        func idError(_ id: String) -> SpinManifestError? {
            let manifest = "spin_manifest_version = 2\n[component.\(id)]\nsource = \"a.wasm\"\n"
            do {
                try reader.parseManifest(bytes: Array(manifest.utf8), path: "/a/spin.toml")
                return nil
            } catch {
                return error
            }
        }
        #expect(idError("\"a\\u0000b\"") == .invalidComponentID(manifest: "/a/spin.toml", key: "[component.\"a\\u0000b\"]", id: "a\u{0}b",
                                                              problem: "contains a NUL character (\\u0000)"))
        #expect(idError("\"a\\u0000b\"")?.description
            == "/a/spin.toml: [component.\"a\\u0000b\"]: component id 'a\\u0000b' contains a NUL character (\\u0000); use lower-case words joined by '-', such as 'my-api'")
        #expect(idError("\"../x\"") != nil)
        #expect(idError("\"a/b\"") != nil)
        #expect(idError("my_api") != nil)
        #expect(idError("-api") != nil)
        #expect(idError("api--v2") != nil)
        #expect(idError("2api") != nil)
        #expect(idError("my-api") == nil)
        #expect(idError("api-2") == nil)
        // v1 ids are mended as Spin mends them (`my_API` → `my-api`), then checked.
        let v1 = "spin_manifest_version = \"1\"\n[[component]]\nid = \"%\"\nsource = \"a.wasm\"\n"
        #expect(throws: SpinManifestError.invalidComponentID(manifest: "/a/spin.toml", key: "component[0].id", id: "%",
                                                             problem: "has a word starting with '%'; words start with an ASCII letter")) {
            try reader.parseManifest(bytes: Array(v1.utf8), path: "/a/spin.toml")
        }
        #expect(throws: Never.self) {
            try reader.parseManifest(bytes: Array(v1.replacingOccurrences(of: "%", with: "my_API").utf8), path: "/a/spin.toml")
        }
    }

    /// parseManifest is the fuzz targets' entry point: the schema step without the file system.
    @Test func parseManifestChecksSchemaWithoutTouchingFiles() throws {
        let manifest = v2Manifest().replacingOccurrences(of: "app.wasm", with: "/nonexistent/app.wasm")
        #expect(try reader.parseManifest(bytes: Array(manifest.utf8), path: "spin.toml") == .v2)
        #expect(throws: SpinManifestError.syntaxError(manifest: "spin.toml", line: 3, column: 2,
                                                      message: "invalid table header '[.component.api]': a key cannot start with '.'")) {
            try reader.parseManifest(bytes: Array("spin_manifest_version = 2\n\n[.component.api]\n".utf8), path: "spin.toml")
        }
        let error = SpinManifestError.syntaxError(manifest: "spin.toml", line: 3, column: 2, message: "m")
        #expect(error.description == "spin.toml:3:2: m")
    }

    @Test func manifestWithLeadingByteOrderMarkReads() throws {
        let app = try TemporaryApp(files: ["app.wasm": ""])
        try Data([0xEF, 0xBB, 0xBF] + Array(v2Manifest().utf8)).write(to: URL(fileURLWithPath: app.manifest))
        #expect(try reader.read(path: app.root).components.map(\.id) == ["app"])
    }

    /// A FIFO named spin.toml used to block the open forever (issue 7 item 6, for the manifest).
    @Test func fifoNamedSpinTomlIsRefusedWithoutBlocking() throws {
        let app = try TemporaryApp()
        #expect(mkfifo(app.manifest, 0o600) == 0)
        let expected = SpinManifestError.unreadable(path: app.manifest, reason: "it is not a regular file (a FIFO, socket or device)")
        #expect(throws: expected) { try reader.read(path: app.root) }
        #expect(throws: expected) { try reader.read(path: app.manifest) }
    }

    @Test func manifestOverSixteenMebibytesIsRefused() throws {
        let app = try TemporaryApp(manifest: "spin_manifest_version = 2\n")
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: app.manifest))
        try handle.truncate(atOffset: UInt64(ManifestFile.maximumSize + 1))
        try handle.close()
        let expected = SpinManifestError.manifestTooLarge(path: app.manifest, limit: ManifestFile.maximumSize)
        #expect(throws: expected) { try reader.read(path: app.root) }
        #expect(expected.description == "\(app.manifest) is larger than 16 MiB, which no Spin manifest needs; check that it is the right file")
    }
}
