import Foundation
import Testing
@testable import WasmPackSpin

@Suite("Manifest schemas, component order and warnings")
struct ManifestSchemaTests {
    let reader = SpinManifestReader()

    @Test func spinVersionAliasReadsAsV1() throws {
        let app = try TemporaryApp(manifest: """
            spin_version = "1"
            name = "old"
            trigger = { type = "http", base = "/" }
            [[component]]
            id = "hello"
            source = "hello.wasm"
            [component.trigger]
            route = "/hello"
            executor = { type = "wagi", entrypoint = "_start", argv = "${SCRIPT_NAME} ${ARGS}" }
            """, files: ["hello.wasm": ""])
        let read = try reader.read(path: app.root)
        #expect(read.manifestVersion == .v1)
        #expect(read.components.map(\.id) == ["hello"])
    }

    @Test func v2ComponentsKeepDocumentOrderThenInlineComponents() throws {
        let app = try TemporaryApp(manifest: """
            spin_manifest_version = 2
            [application]
            name = "ordered"
            [[trigger.http]]
            id = "web"
            route = "/web/..."
            component = { source = "web.wasm" }
            [[trigger.http]]
            route = "/..."
            component = { source = "other.wasm", files = ["static"] }
            [[trigger.cron]]
            components = { main = "zeta", extra = [{ source = "c1.wasm" }, { source = "c2.wasm" }] }
            [component.zeta]
            source = "zeta.wasm"
            [component."alpha"]
            source = "alpha.wasm"
            [component.mid]
            source = "mid.wasm"
            """, files: ["web.wasm": "", "other.wasm": "", "c1.wasm": "", "c2.wasm": "", "zeta.wasm": "",
                         "alpha.wasm": "", "mid.wasm": "", "static/s.txt": ""])
        let read = try reader.read(path: app.root)
        // http triggers are declared before cron, so their inline components come first.
        #expect(read.components.map(\.id) == [
            "zeta", "alpha", "mid", "web-component", "inline-component1", "inline-component2", "inline-component3",
        ])
        #expect(read.components[4].files.map(\.relativePath) == ["static/s.txt"])
        #expect(read.components[5].source == .local(AppFile(relativePath: "c1.wasm", absolutePath: app.path("c1.wasm"))))
    }

    @Test func remoteAndRegistrySourcesAreNotPackedAndSayWhy() throws {
        let app = try TemporaryApp(manifest: """
            spin_manifest_version = 2
            [application]
            name = "remote"
            [[trigger.http]]
            route = "/..."
            component = "fileserver"
            [component.fileserver]
            source = { url = "https://github.com/fermyon/spin-fileserver/releases/download/v0.3.0/spin_static_fs.wasm", digest = "sha256:ef88708817e107bf49985c7cefe4dd1f199bf26f6727819183d5c996baa3d148" }
            files = [{ source = "assets", destination = "/" }]
            [component.pkg]
            source = { registry = "ttl.sh", package = "ns:name", version = "1.0.0" }
            """, files: ["assets/a.txt": ""])
        let read = try reader.read(path: app.root)
        #expect(read.components[0].source == .remote(
            url: "https://github.com/fermyon/spin-fileserver/releases/download/v0.3.0/spin_static_fs.wasm",
            digest: "sha256:ef88708817e107bf49985c7cefe4dd1f199bf26f6727819183d5c996baa3d148"))
        #expect(read.components[1].source == .registry(registry: "ttl.sh", package: "ns:name", version: "1.0.0"))
        #expect(read.files.map(\.relativePath) == ["assets/a.txt"])
        #expect(read.warnings == [
            "component fileserver: source https://github.com/fermyon/spin-fileserver/releases/download/v0.3.0/spin_static_fs.wasm is not packed: fetched by the runtime at start",
            "component pkg: source ns:name@1.0.0 from ttl.sh is not packed: fetched by the runtime at start",
        ])
    }

    @Test func globsSingleFilesAndExcludesWarnAboutTheSpinShimOncePerComponent() throws {
        let app = try TemporaryApp(manifest: """
            spin_manifest_version = 2
            [application]
            name = "shim"
            [component.globs]
            source = "app.wasm"
            files = ["static/*.txt", { source = "one.txt", destination = "/one.txt" }, "assets"]
            [component.excludes]
            source = "app.wasm"
            files = ["assets"]
            exclude_files = ["**/*.map"]
            [component.clean]
            source = "app.wasm"
            files = ["assets", { source = "assets", destination = "/" }]
            """, files: ["app.wasm": "", "static/a.txt": "", "one.txt": "", "assets/x.js": "", "assets/x.map": ""])
        let read = try reader.read(path: app.root)
        #expect(read.warnings == [
            "component globs: files entry 'static/*.txt' is a glob, files entry { source = 'one.txt', destination = '/one.txt' } is a file; the containerd Spin shim only mounts directories",
            "component excludes: exclude_files is set; the containerd Spin shim does not support exclude_files",
        ])
        #expect(read.components.first { $0.id == "excludes" }?.files.map(\.relativePath) == ["assets/x.js"])
    }

    @Test func singleGlobWarningReadsAsDocumented() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [\"static/*.txt\"]"),
                                   files: ["app.wasm": "", "static/a.txt": ""])
        #expect(try reader.read(path: app.root).warnings == [
            "component app: files entry 'static/*.txt' is a glob; the containerd Spin shim only mounts directories",
        ])
    }

    @Test func localDependenciesArePacked() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: """
            [component.app.dependencies]
            "foo:bar/baz@0.1.0" = { path = "deps/baz.wasm" }
            "a:b/c" = { registry = "r.example", version = "^1.2.3", package = "a:b" }
            "fizz:buzz" = ">=0.1.0"
            """), files: ["app.wasm": "", "deps/baz.wasm": ""])
        let read = try reader.read(path: app.root)
        #expect(read.components[0].dependencies.map(\.relativePath) == ["deps/baz.wasm"])
        #expect(read.files.map(\.relativePath) == ["app.wasm", "deps/baz.wasm"])
    }

    @Test func missingLocalDependencyIsASourceError() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: """
            [component.app.dependencies]
            "foo:bar/baz" = { path = "deps/baz.wasm" }
            """), files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.sourceNotFound(manifest: app.manifest, key: "[component.app] dependencies.\"foo:bar/baz\".path", path: "deps/baz.wasm")) {
            try reader.read(path: app.root)
        }
    }

    @Test func componentTableKeepsDocumentOrderPastHeaderLookalikes() throws {
        let table = try TOMLReader.parse(Array("""
            description = \"\"\"
            [component.fake]
            \"\"\"
            [component.z]  # the first component
            files = [
              ["not", "a header"],
              "x",
            ]
            [component."a.b"]
            [component.z.build]
            [component.c]
            """.utf8))
        #expect(table["component"]?.table?.keys == ["z", "a.b", "c"])
    }

    @Test func componentTableKeepsDocumentOrderOfDottedKeysAndInlineTables() throws {
        let table = try TOMLReader.parse(Array("""
            [component]
            y.source = "y.wasm"
            x = { source = "x.wasm" }
            w.source = "w.wasm"
            """.utf8))
        #expect(table["component"]?.table?.keys == ["y", "x", "w"])
    }
}
