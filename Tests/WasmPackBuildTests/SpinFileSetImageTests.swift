import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackTestSupport

/// The scratch image holds the files Spin's loader would give each component, plus what the
/// shim needs to mount (issue 8 §1).
@Suite("Spin file set in the scratch image")
struct SpinFileSetImageTests {
    /// The layer's member names as `tar -t` lists them (directories end in `/`).
    func layerMembers(of app: String) throws -> [String] {
        let output = try TestScratch.folder("fileset") + "/layout"
        // The files at their manifest-relative paths, as --keep-manifest packs them (the default
        // repacks globs and exclude_files for the shim; DirectMountRewriteTests covers that).
        _ = try Builder().build(path: app, options: BuildOptions(output: output, skipChecks: true, keepManifest: true), workingDirectory: "/")
        let layout = OCILayout(root: output)
        let layer = try layout.manifest(try layout.descriptor(tag: nil)).layers[0]
        let list = try Support.run("/usr/bin/tar", ["-tzf", layout.blobPath(for: layer.digest)])
        #expect(list.status == 0, "tar: \(list.stderr)")
        return list.stdout.split(separator: "\n").map(String.init)
    }

    func app(manifest name: String = "spin.toml", component lines: String, files: [String], directories: [String] = []) throws -> String {
        let root = try TestScratch.folder("fileset-app")
        let manifest = """
            spin_manifest_version = 2
            [application]
            name = "fileset"
            [[trigger.http]]
            route = "/..."
            component = "app"
            [component.app]
            source = "app.wasm"
            \(lines)
            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: root + "/" + name))
        try Data([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]).write(to: URL(fileURLWithPath: root + "/app.wasm"))
        for file in files {
            try FileManager.default.createDirectory(atPath: (root + "/" + file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/" + file))
        }
        for directory in directories {
            try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        return root
    }

    @Test func anEmptyMountedDirectoryIsInTheLayerWithItsParents() throws {
        let root = try app(component: "files = [{ source = \"web/assets\", destination = \"/\" }]", files: [], directories: ["web/assets"])
        #expect(try layerMembers(of: root) == ["app.wasm", "spin.toml", "web/", "web/assets/"])
    }

    @Test func aManifestWithAnotherNameIsPackedAtSpinTomlAndAtItsOwnPath() throws {
        let root = try app(manifest: "wagi.toml", component: "files = [\"**/*\"]", files: ["index.html"])
        #expect(try layerMembers(of: root + "/wagi.toml") == ["app.wasm", "index.html", "spin.toml", "wagi.toml"])
    }

    @Test func theExcludeFilesAppPacksOnlyWhatSpinCopies() throws {
        #expect(try layerMembers(of: Support.testdata + "/exclude-files") == [
            "dist/", "dist/assets/", "dist/assets/app.js", "dist/index.html",
            "pattern/", "pattern/.hidden", "pattern/a.txt",
            "spin.toml",
            "static/", "static/readme.md", "static/site.css",
            "target/", "target/api.wasm", "target/web.wasm",
        ])
    }
}
