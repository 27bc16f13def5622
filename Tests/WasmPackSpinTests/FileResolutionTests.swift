import Foundation
import Testing
@testable import WasmPackSpin

@Suite("Resolving files entries on disk")
struct FileResolutionTests {
    let reader = SpinManifestReader()

    private func files(_ entries: String, exclude: String? = nil, in app: TemporaryApp,
                       excludedDirectories: [String] = []) throws -> [String] {
        let lines = "files = \(entries)" + (exclude.map { "\nexclude_files = \($0)" } ?? "")
        try app.write("spin.toml", v2Manifest(component: lines))
        let component = try reader.read(path: app.root, excludedDirectories: excludedDirectories).components[0]
        return component.files.map(\.relativePath)
    }

    private func globTree() throws -> TemporaryApp {
        try TemporaryApp(files: [
            "app.wasm": "", "static/a.txt": "", "static/b.css": "", "static/.env": "",
            "static/sub/c.txt": "", "static/sub/deep/d.css": "", "static/file1.txt": "", "static/file2.md": "",
            "other/x.txt": "",
        ])
    }

    // glob::glob yields the directory static/sub too, but Spin copies only regular files.
    @Test func starMatchesOneSegmentIncludingDotfilesButPacksNoMatchedDirectorysSubtree() throws {
        let app = try globTree()
        #expect(try files("[\"static/*\"]", in: app) == [
            "static/.env", "static/a.txt", "static/b.css", "static/file1.txt", "static/file2.md",
        ])
        #expect(try files("[\"static/*.txt\"]", in: app) == ["static/a.txt", "static/file1.txt"])
    }

    @Test func doubleStarMatchesZeroOrMoreDirectories() throws {
        let app = try globTree()
        #expect(try files("[\"static/**/*.css\"]", in: app) == ["static/b.css", "static/sub/deep/d.css"])
        #expect(try files("[\"**/*.txt\"]", in: app) == [
            "other/x.txt", "static/a.txt", "static/file1.txt", "static/sub/c.txt",
        ])
    }

    @Test func questionMarkAndClassesMatchOneCharacter() throws {
        let app = try globTree()
        #expect(try files("[\"static/file?.*\"]", in: app) == ["static/file1.txt", "static/file2.md"])
        #expect(try files("[\"static/file[2-9].*\"]", in: app) == ["static/file2.md"])
        #expect(try files("[\"static/[!.f]*\"]", in: app) == ["static/a.txt", "static/b.css"])
    }

    @Test func plainDirectoryPathIncludesEverythingBelowAtTheSameRelativePath() throws {
        let app = try globTree()
        try app.write("spin.toml", v2Manifest(component: "files = [\"static/sub\"]"))
        let component = try reader.read(path: app.root).components[0]
        #expect(component.files.map(\.destination) == ["/static/sub/c.txt", "/static/sub/deep/d.css"])
    }

    @Test func mountedDirectoryKeepsPathsBelowTheDestination() throws {
        let app = try globTree()
        try app.write("spin.toml", v2Manifest(component: "files = [{ source = \"static/sub\", destination = \"/web/\" }, { source = \"other/x.txt\", destination = \"/x\" }]"))
        let component = try reader.read(path: app.root).components[0]
        #expect(component.files.map(\.destination) == ["/x", "/web/c.txt", "/web/deep/d.css"])
        #expect(component.files.map(\.relativePath) == ["other/x.txt", "static/sub/c.txt", "static/sub/deep/d.css"])
    }

    @Test func excludeFilesRemovesMatchesRelativeToTheAppDirectory() throws {
        let app = try globTree()
        #expect(try files("[{ source = \"static\", destination = \"/\" }]", exclude: "[\"**/*.css\", \"static/.env\", \"static/sub/*.txt\"]", in: app) == [
            "static/a.txt", "static/file1.txt", "static/file2.md",
        ])
    }

    @Test func directoryWalksSkipExcludedDirectories() throws {
        let app = try globTree()
        try app.write(".wasmpack/blobs/sha256/abc", "")
        try app.write("static/.wasmpack-not-excluded", "")
        let excluded = [app.path(".wasmpack"), app.path("static/sub")]
        #expect(try files("[\"**/*\"]", in: app, excludedDirectories: excluded) == [
            "app.wasm", "other/x.txt", "spin.toml", "static/.env", "static/.wasmpack-not-excluded",
            "static/a.txt", "static/b.css", "static/file1.txt", "static/file2.md",
        ])
        #expect(try files("[{ source = \".\", destination = \"/\" }]", in: app, excludedDirectories: excluded).contains { $0.hasPrefix(".wasmpack/") } == false)
    }

    @Test func appFilesLeaveOutTheManifestEvenWhenAGlobSelectsIt() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [\"*\"]"), files: ["app.wasm": "", "a.txt": ""])
        let read = try reader.read(path: app.root)
        #expect(read.components[0].files.map(\.relativePath) == ["a.txt", "app.wasm", "spin.toml"])
        #expect(read.files.map(\.relativePath) == ["a.txt", "app.wasm"])
        #expect(read.files.first { $0.relativePath == "app.wasm" }?.destination == nil)
    }

    @Test func symlinksInsideTheAppAreFollowed() throws {
        let app = try TemporaryApp(files: ["build/app-1.0.wasm": "wasm", "shared/logo.svg": "<svg/>"])
        try app.symlink("app.wasm", to: "build/app-1.0.wasm")
        try app.symlink("assets/shared", to: "../shared")
        try app.symlink("assets/loop", to: "..")
        try app.write("assets/index.html", "")
        try app.write("spin.toml", v2Manifest(component: "files = [{ source = \"assets\", destination = \"/\" }]"))
        let read = try reader.read(path: app.root)
        #expect(read.components[0].source == .local(AppFile(relativePath: "app.wasm", absolutePath: app.path("build/app-1.0.wasm"))))
        // `loop` points back at an ancestor: its contents are reached once, not forever.
        let files = read.components[0].files
        #expect(files.map(\.destination).contains("/shared/logo.svg"))
        #expect(files.map(\.destination).contains("/index.html"))
        #expect(files.first { $0.relativePath == "assets/shared/logo.svg" }?.absolutePath == app.path("shared/logo.svg"))
    }

    @Test func symlinkedAppDirectoryKeepsItsOwnPaths() throws {
        let real = try TemporaryApp(manifest: v2Manifest(), files: ["app.wasm": ""])
        let holder = try TemporaryApp()
        try holder.symlink("app", to: real.root)
        let read = try reader.read(path: holder.path("app"))
        #expect(read.rootDirectory == holder.path("app"))
        #expect(read.files == [AppFile(relativePath: "app.wasm", absolutePath: holder.path("app/app.wasm"))])
    }

    @Test func symlinkOutsideThatNoPatternReachesIsIgnored() throws {
        let outside = try TemporaryApp(files: ["x.txt": ""])
        let app = try TemporaryApp(files: ["app.wasm": "", "static/a.txt": ""])
        try app.symlink("vendor", to: outside.root)
        #expect(try files("[\"static/*.txt\"]", in: app) == ["static/a.txt"])
    }
}
