import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// issue 8 §3: for Spin shim targets, components whose `files` the shim cannot mount directly
/// (globs, single files, `exclude_files`) get their files packed under /.wasmpack/files/<id> and
/// one directory mount; every component then sees in the image exactly what Spin's loader gives it
/// from the source app. `--keep-manifest` keeps today's bytes and checks the mounts instead.
@Suite("Files the shim cannot mount are repacked into one directory mount")
struct DirectMountRewriteTests {
    static let testdata = TransferFixture.testdata
    static let tar = "/usr/bin/tar"

    struct Built {
        var result: BuildResult
        /// The unpacked layer.
        var root: String
        /// `tar -t` of the layer (directories end in `/`).
        var members: [String]
        var packedManifest: String
    }

    static func build(_ app: String, target: RuntimeTarget = .spinKube, keepManifest: Bool = false, skipChecks: Bool = false) throws -> Built {
        let output = try TestScratch.folder("rewrite") + "/layout"
        let result = try Builder().build(
            path: app, options: BuildOptions(output: output, target: target, skipChecks: skipChecks, keepManifest: keepManifest),
            workingDirectory: "/")
        let layout = OCILayout(root: output)
        try layout.verify()
        let layer = layout.blobPath(for: try layout.manifest(try layout.descriptor(tag: nil)).layers[0].digest)
        let root = try TestScratch.folder("rewrite-unpacked")
        let list = try ExternalCommand.run(tar, ["-tzf", layer])
        let unpack = try ExternalCommand.run(tar, ["-xzf", layer, "-C", root])
        #expect(list.status == 0 && unpack.status == 0, "tar: \(list.errorOutput) \(unpack.errorOutput)")
        let manifest = String(decoding: try Data(contentsOf: URL(fileURLWithPath: root + "/spin.toml")), as: UTF8.self)
        return Built(result: result, root: root, members: list.text.split(separator: "\n").map(String.init), packedManifest: manifest)
    }

    /// A temporary app: `spin.toml` with `manifest`, an 8-byte module at each `sources`, and `files`.
    static func app(_ manifest: String, sources: [String] = ["app.wasm"], files: [String: String]) throws -> String {
        let root = try TestScratch.folder("rewrite-app")
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: root + "/spin.toml"))
        var all = files
        for source in sources { all[source] = "\0asm\u{1}\0\0\0" }
        for (path, text) in all {
            try FileManager.default.createDirectory(
                atPath: (root + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(text.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        }
        return root
    }

    @Test func theExcludeFilesAppGetsOnlyDirectoryMountsAndEachComponentSeesWhatSpinGivesIt() throws {
        let app = try TemporaryCopy.of(Self.testdata + "/exclude-files")
        let before = try Data(contentsOf: URL(fileURLWithPath: app + "/spin.toml"))
        let built = try Self.build(app)
        #expect(try Data(contentsOf: URL(fileURLWithPath: app + "/spin.toml")) == before, "the source spin.toml changed")
        #expect(try ComponentFileView.image(root: built.root) == (try ComponentFileView.loader(app: app)))
        #expect(built.packedManifest.contains("""
            [component.web]
            source = "target/web.wasm"
            files = [{ source = ".wasmpack/files/web", destination = "/" }]
            allowed_outbound_hosts = ["https://{{ api_host }}", "redis://*:6379"]
            """), "\(built.packedManifest)")
        #expect(!built.packedManifest.contains("exclude_files"))
        #expect(built.members == [
            ".wasmpack/", ".wasmpack/files/",
            ".wasmpack/files/static/", ".wasmpack/files/static/static/",
            ".wasmpack/files/static/static/readme.md", ".wasmpack/files/static/static/site.css",
            ".wasmpack/files/web/", ".wasmpack/files/web/assets/", ".wasmpack/files/web/assets/app.js",
            ".wasmpack/files/web/index.html",
            ".wasmpack/files/web/pattern/", ".wasmpack/files/web/pattern/.hidden", ".wasmpack/files/web/pattern/a.txt",
            "spin.toml",
            "target/", "target/api.wasm", "target/web.wasm",
        ])
        #expect(built.result.notes == [
            "component 'web': packed its 4 files under /.wasmpack/files/web and mounted that folder at / in the image's spin.toml, because the Spin shim mounts only directories (files entry \"pattern/*\" is a glob, files entry \"thisshouldbeexcluded/**/*\" is a glob, exclude_files is set); the source spin.toml is unchanged",
            "component 'static': packed its 2 files under /.wasmpack/files/static and mounted that folder at / in the image's spin.toml, because the Spin shim mounts only directories (files entry \"static/*\" is a glob, exclude_files is set); the source spin.toml is unchanged",
        ])
        #expect(built.result.warnings == [])
    }

    /// No SOURCE_DATE_EPOCH; a second checkout gives the same digest.
    static let golden: [(app: String, target: String, digest: String)] = [
        ("exclude-files", "spinkube", "sha256:893b6ac9fadb56bad5ee5349992eb4594dcf1b7cbdb4973a18cc853047f4afb5"),
        ("exclude-files", "spin-shim-v2", "sha256:893b6ac9fadb56bad5ee5349992eb4594dcf1b7cbdb4973a18cc853047f4afb5"),
    ]

    @Test(arguments: golden)
    func theRewrittenImageHasAGoldenDigest(app: String, target: String, digest: String) throws {
        let first = try Self.build(Self.testdata + "/" + app, target: try #require(RuntimeTarget.named(target)))
        let second = try Self.build(try TemporaryCopy.of(Self.testdata + "/" + app), target: try #require(RuntimeTarget.named(target)))
        #expect(first.result.manifest.digest == second.result.manifest.digest)
        #expect(first.result.manifest.digest.description == digest, "\(app) \(target)")
    }

    @Test func keepManifestRefusesWhatTheShimRefusesNamingComponentKeyAndTarget() throws {
        let output = try TestScratch.folder("rewrite") + "/layout"
        let manifest = Self.testdata + "/exclude-files/spin.toml"
        #expect {
            try Builder().build(
                path: Self.testdata + "/exclude-files", options: BuildOptions(output: output, target: .spinShimV2, keepManifest: true),
                workingDirectory: "/")
        } throws: { error in
            "\(error)" == "\(manifest): component 'web' files entry \"pattern/*\" is a glob (key files), and the Spin shim of --target spin-shim-v2 refuses it at start (\"Only directory mounts are supported\"); drop --keep-manifest so wasmpack packs the component's files into one directory mount"
        }
        #expect(!FileManager.default.fileExists(atPath: output), "a failed check wrote the layout")

        let excludeOnly = try Self.app("""
            spin_manifest_version = 2
            [application]
            name = "x"
            [[trigger.http]]
            route = "/..."
            component = "site"
            [component.site]
            source = "app.wasm"
            files = ["assets"]
            exclude_files = ["**/*.map"]
            """, files: ["assets/a.js": "a", "assets/a.js.map": "m"])
        #expect {
            try Builder().build(path: excludeOnly, options: BuildOptions(output: output, keepManifest: true), workingDirectory: "/")
        } throws: { error in
            "\(error)" == "\(excludeOnly)/spin.toml: component 'site' exclude_files is set (key exclude_files), and the Spin shim of --target spinkube refuses it at start (\"Cannot load a component with `exclude_files` using --direct-mounts\"); drop --keep-manifest so wasmpack packs the component's files into one directory mount"
        }
    }

    @Test func keepManifestWithSkipChecksPacksTodaysBytesAndWarnsForEveryProblem() throws {
        let built = try Self.build(Self.testdata + "/exclude-files", keepManifest: true, skipChecks: true)
        #expect(built.packedManifest == String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.testdata + "/exclude-files/spin.toml")), as: UTF8.self))
        // Today's layer: every file at its manifest-relative path, as a Dockerfile COPY puts it.
        #expect(built.members == [
            "dist/", "dist/assets/", "dist/assets/app.js", "dist/index.html",
            "pattern/", "pattern/.hidden", "pattern/a.txt",
            "spin.toml",
            "static/", "static/readme.md", "static/site.css",
            "target/", "target/api.wasm", "target/web.wasm",
        ])
        #expect(built.result.manifest.digest.description == "sha256:0fe9981b10eec26910472df55ce7f96f44d736819f2c1af6e65b8b4980fd222e")
        #expect(built.result.notes == [])
        #expect(built.result.warnings.count == 5, "\(built.result.warnings)")
        #expect(built.result.warnings.allSatisfy { $0.hasSuffix("drop --keep-manifest so wasmpack packs the component's files into one directory mount (--skip-checks)") })
        #expect(built.result.warnings.contains { $0.contains("component 'static' exclude_files is set (key exclude_files)") })
        #expect(built.result.warnings.contains { $0.contains("component 'web' files entry \"thisshouldbeexcluded/**/*\" is a glob (key files)") })
    }

    @Test func aComponentMixingADirectoryMountAndAGlobIsMovedWholeAndOnlyItIsRewritten() throws {
        let app = try Self.app("""
            spin_manifest_version = 2
            [application]
            name = "mixed"
            [[trigger.http]]
            route = "/..."
            component = "mixed"
            [[trigger.http]]
            route = "/plain/..."
            component = "plain"
            [[trigger.http]]
            route = "/one/..."
            component = "one"
            [component.mixed]
            source = "app.wasm"
            files = [{ source = "public", destination = "/www" }, "docs/*.md", { source = "empty", destination = "/data" }]
            [component.plain]
            source = "other.wasm"
            files = [{ source = "public", destination = "/" }, "shared"]
            [component.one]
            source = "app.wasm"
            files = [{ source = "docs/a.md", destination = "/readme.md" }]
            """, sources: ["app.wasm", "other.wasm"],
            files: ["public/index.html": "i", "public/css/x.css": "c", "docs/a.md": "a", "docs/b.txt": "b", "shared/s.txt": "s"])
        try FileManager.default.createDirectory(atPath: app + "/empty", withIntermediateDirectories: true)
        let built = try Self.build(app)
        #expect(try ComponentFileView.image(root: built.root) == (try ComponentFileView.loader(app: app)))
        #expect(built.result.notes.count == 2)
        #expect(built.result.notes.first?.hasPrefix("component 'mixed': packed its 3 files under /.wasmpack/files/mixed") == true)
        #expect(built.result.notes.last?.hasPrefix("component 'one': packed its 1 file under /.wasmpack/files/one") == true)
        // The component that already mounts directories keeps its entries; the mixed one's empty
        // directory mount still exists inside its folder.
        #expect(built.packedManifest.contains("files = [{ source = \"public\", destination = \"/\" }, \"shared\"]"), "\(built.packedManifest)")
        #expect(built.members.contains(".wasmpack/files/mixed/data/"))
        #expect(built.members.contains("public/index.html") && built.members.contains("shared/s.txt"))
        // docs/ was used only by moved components, so it is not packed at its own path.
        #expect(!built.members.contains { $0.hasPrefix("docs/") }, "\(built.members)")
    }

    @Test func aksWasiV1WritesSpinVersionOneAndTheDirectoryMountsInOneManifest() throws {
        let app = try Self.app("""
            spin_manifest_version = "1"
            name = "old"
            version = "1.0.0"
            trigger = { type = "http", base = "/" }
            [[component]]
            id = "site"
            source = "app.wasm"
            files = ["static/**/*", { source = "one.txt", destination = "/etc/one.txt" }]
            exclude_files = ["static/secret/*"]
            [component.trigger]
            route = "/..."
            [[component]]
            id = "api"
            source = "api.wasm"
            files = [{ source = "static", destination = "/s" }]
            [component.trigger]
            route = "/api/..."
            """, sources: ["app.wasm", "api.wasm"],
            files: ["static/a.txt": "a", "static/deep/b.txt": "b", "static/secret/k": "k", "one.txt": "1"])
        let built = try Self.build(app, target: .aksWasiV1)
        #expect(built.packedManifest == """
            spin_version = "1"
            name = "old"
            version = "1.0.0"

            [trigger]
            type = "http"
            base = "/"

            [[component]]
            id = "site"
            source = "app.wasm"
            files = [{ source = ".wasmpack/files/site", destination = "/" }]
            trigger = { route = "/..." }

            [[component]]
            id = "api"
            source = "api.wasm"
            files = [{ source = "static", destination = "/s" }]
            trigger = { route = "/api/..." }

            """)
        #expect(try ComponentFileView.image(root: built.root) == (try ComponentFileView.loader(app: app)))
        #expect(built.result.notes.count == 1)
        #expect(built.result.manifest.digest == (try Self.build(try TemporaryCopy.of(app), target: .aksWasiV1)).result.manifest.digest)
    }

    @Test func anInlineTriggerComponentIsRewrittenWhereItIsWritten() throws {
        let app = try Self.app("""
            spin_manifest_version = 2
            [application]
            name = "inline"
            [[trigger.http]]
            id = "front"
            route = "/..."
            component = { source = "app.wasm", files = ["web/*"] }
            [[trigger.http]]
            route = "/two/..."
            component = { source = "app.wasm", files = ["web"] }
            """, files: ["web/a.html": "a", "web/sub/b.html": "b"])
        let built = try Self.build(app)
        #expect(try ComponentFileView.image(root: built.root) == (try ComponentFileView.loader(app: app)))
        #expect(built.packedManifest.contains("""
            [trigger.http.component]
            source = "app.wasm"
            files = [{ source = ".wasmpack/files/front-component", destination = "/" }]
            """), "\(built.packedManifest)")
        #expect(built.packedManifest.contains("component = { source = \"app.wasm\", files = [\"web\"] }"))
    }

    @Test func aSourceThatAMovedGlobAlsoSelectsStaysWhereTheManifestNamesIt() throws {
        let app = try Self.app("""
            spin_manifest_version = 2
            [application]
            name = "all"
            [[trigger.http]]
            route = "/..."
            component = "all"
            [component.all]
            source = "app.wasm"
            files = ["**/*"]
            """, files: ["index.html": "i"])
        let built = try Self.build(app)
        #expect(built.members.contains("app.wasm") && built.members.contains(".wasmpack/files/all/app.wasm"))
        #expect(built.members.contains(".wasmpack/files/all/spin.toml"), "Spin copies the manifest too when the glob selects it")
        #expect(try ComponentFileView.image(root: built.root) == (try ComponentFileView.loader(app: app)))
    }

    /// The shape of Spin's JS/TS templates (and e.g. rgl/spin-http-ts-example): `exclude_files`
    /// with no `files`, which the shim refuses although there is nothing to exclude.
    @Test func excludeFilesWithoutFilesIsDroppedWithoutAddingAMount() throws {
        let app = try Self.app("""
            spin_manifest_version = 2
            [application]
            name = "ts"
            [[trigger.http]]
            route = "/..."
            component = "ts"
            [component.ts]
            source = "target/ts.wasm"
            exclude_files = ["**/node_modules"]
            [component.ts.build]
            command = "npm run build"
            watch = ["src/**/*.ts", "package.json"]
            """, sources: ["target/ts.wasm"], files: ["node_modules/x/index.js": "x", "src/index.ts": "s"])
        let built = try Self.build(app)
        #expect(built.packedManifest == """
            spin_manifest_version = 2

            [application]
            name = "ts"

            [[trigger.http]]
            route = "/..."
            component = "ts"

            [component.ts]
            source = "target/ts.wasm"
            build = { command = "npm run build", watch = ["src/**/*.ts", "package.json"] }

            """)
        #expect(built.members == ["spin.toml", "target/", "target/ts.wasm"])
        #expect(built.result.notes == [
            "component 'ts': dropped exclude_files from the image's spin.toml, because the Spin shim refuses it and the component mounts no files it could exclude; the source spin.toml is unchanged",
        ])
        #expect(try ComponentFileView.image(root: built.root) == (try ComponentFileView.loader(app: app)))
    }

    @Test func anAppWhoseMountsAreAllDirectoriesKeepsItsManifestBytes() throws {
        let built = try Self.build(Self.testdata + "/v2-multi")
        #expect(built.result.notes == [])
        #expect(built.packedManifest == String(decoding: try Data(contentsOf: URL(fileURLWithPath: Self.testdata + "/v2-multi/spin.toml")), as: UTF8.self))
        #expect(built.result.manifest.digest.description == "sha256:6d34fe5f27917df86fb5c262812cec66b4356cadc1d45db178263282098f2841")
    }
}

/// A copy of a folder, as a second checkout would have it.
enum TemporaryCopy {
    static func of(_ folder: String) throws -> String {
        let destination = try TestScratch.folder("copy") + "/" + (folder as NSString).lastPathComponent
        try FileManager.default.copyItem(atPath: folder, toPath: destination)
        return destination
    }
}
