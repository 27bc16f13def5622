import Foundation
import Testing
@testable import WasmPackSpin

@Suite("Manifest errors name the file, the key and what to do")
struct ManifestErrorTests {
    let reader = SpinManifestReader()

    @Test func integerOneIsAnUnknownVersion() throws {
        let app = try TemporaryApp(manifest: "spin_manifest_version = 1\n")
        let error = SpinManifestError.unknownManifestVersion(manifest: app.manifest, key: "spin_manifest_version", value: "1")
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description == "\(app.manifest): spin_manifest_version = 1 is not a known manifest version; use the string \"1\" for v1 or the integer 2 for v2")
    }

    @Test func stringTwoAndSpinVersionThreeAreUnknownVersions() throws {
        let two = try TemporaryApp(manifest: "spin_manifest_version = \"2\"\n")
        #expect(throws: SpinManifestError.unknownManifestVersion(manifest: two.manifest, key: "spin_manifest_version", value: "\"2\"")) {
            try reader.read(path: two.root)
        }
        let three = try TemporaryApp(manifest: "spin_version = \"3\"\n")
        #expect(throws: SpinManifestError.unknownManifestVersion(manifest: three.manifest, key: "spin_version", value: "\"3\"")) {
            try reader.read(path: three.root)
        }
    }

    @Test func manifestWithoutVersionKeyIsRejected() throws {
        let app = try TemporaryApp(manifest: "name = \"x\"\n")
        #expect(throws: SpinManifestError.missingManifestVersion(manifest: app.manifest)) { try reader.read(path: app.root) }
    }

    @Test func syntaxErrorReportsItsLine() throws {
        let app = try TemporaryApp(manifest: "spin_manifest_version = 2\n[application]\nname = \n")
        let error = try #require(throws: SpinManifestError.self) { try reader.read(path: app.root) }
        guard case .syntaxError(let manifest, let line, _, let message) = error else {
            Issue.record("expected a syntax error, got \(error)")
            return
        }
        #expect(manifest == app.manifest)
        #expect(line == 3)
        #expect(!message.isEmpty)
        #expect(error.description.hasPrefix("\(app.manifest):3:"))
    }

    @Test func missingPathAndDirectoryWithoutManifestSayWhatToPass() throws {
        let app = try TemporaryApp()
        #expect(throws: SpinManifestError.manifestNotFound(path: app.root + "/spin.toml")) { try reader.read(path: app.root) }
        let error = SpinManifestError.manifestNotFound(path: app.root + "/nope")
        #expect(throws: error) { try reader.read(path: app.root + "/nope") }
        #expect(error.description.contains("pass an app directory containing spin.toml or the path to the manifest"))
    }

    @Test func missingSourceFileSuggestsBuildFlagOrSpinBuild() throws {
        let app = try TemporaryApp(manifest: v2Manifest().replacingOccurrences(of: "\"app.wasm\"", with: "\"target/app.wasm\""))
        let error = SpinManifestError.sourceNotFound(manifest: app.manifest, key: "[component.app] source", path: "target/app.wasm")
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description == "\(app.manifest): [component.app] source: file 'target/app.wasm' does not exist; build it first (add --build to run the manifest's build commands, or run `spin build`), or fix the path")
    }

    @Test func sourceThatIsADirectoryIsNotAFile() throws {
        let app = try TemporaryApp(manifest: v2Manifest(), files: ["app.wasm/inner": "x"])
        #expect(throws: SpinManifestError.notAFile(manifest: app.manifest, key: "[component.app] source", path: "app.wasm")) {
            try reader.read(path: app.root)
        }
    }

    // glob::glob yielding nothing is valid for Spin: the component gets no files.
    @Test func globThatMatchesNothingIsAWarningNotAnError() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [\"static/*.txt\"]"),
                                   files: ["app.wasm": "", "static/a.md": ""])
        let read = try reader.read(path: app.root)
        #expect(read.components[0].files.isEmpty)
        #expect(read.warnings.contains("component app: [component.app] files[0] pattern 'static/*.txt' matches no file"))
    }

    @Test func missingPlainFilesPathAndMountSourceAreErrors() throws {
        let plain = try TemporaryApp(manifest: v2Manifest(component: "files = [\"public\"]"), files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.filesPathNotFound(manifest: plain.manifest, key: "[component.app] files[0]", path: "public")) {
            try reader.read(path: plain.root)
        }
        let mount = try TemporaryApp(manifest: v2Manifest(component: "files = [{ source = \"public\", destination = \"/\" }]"),
                                     files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.filesPathNotFound(manifest: mount.manifest, key: "[component.app] files[0].source", path: "public")) {
            try reader.read(path: mount.root)
        }
    }

    @Test func dotDotThatLeavesTheAppIsRejected() throws {
        let app = try TemporaryApp(manifest: v2Manifest().replacingOccurrences(of: "\"app.wasm\"", with: "\"../app.wasm\""))
        let error = SpinManifestError.pathOutsideApp(manifest: app.manifest, key: "[component.app] source", path: "../app.wasm", root: app.root)
        #expect(throws: error) { try reader.read(path: app.root) }
        let glob = try TemporaryApp(manifest: v2Manifest(component: "files = [\"static/../../x/*\"]"), files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.pathOutsideApp(manifest: glob.manifest, key: "[component.app] files[0]", path: "static/../../x/*", root: glob.root)) {
            try reader.read(path: glob.root)
        }
    }

    @Test func dotDotThatStaysInsideIsFine() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [\"static/../public/a.txt\"]"),
                                   files: ["app.wasm": "", "public/a.txt": ""])
        let files = try reader.read(path: app.root).components[0].files
        #expect(files == [AppFile(relativePath: "public/a.txt", absolutePath: app.path("public/a.txt"), destination: "/public/a.txt")])
    }

    @Test func absolutePathsAreRejected() throws {
        let app = try TemporaryApp(manifest: v2Manifest().replacingOccurrences(of: "\"app.wasm\"", with: "\"/etc/hostname\""))
        let error = SpinManifestError.absolutePath(manifest: app.manifest, key: "[component.app] source", path: "/etc/hostname")
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description.contains("use a path relative to the manifest's directory"))
        let files = try TemporaryApp(manifest: v2Manifest(component: "files = [{ source = \"/etc\", destination = \"/\" }]"),
                                     files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.absolutePath(manifest: files.manifest, key: "[component.app] files[0].source", path: "/etc")) {
            try reader.read(path: files.root)
        }
    }

    @Test func symlinkedSourcePointingOutsideIsRejected() throws {
        let outside = try TemporaryApp(files: ["real.wasm": ""])
        let app = try TemporaryApp(manifest: v2Manifest())
        try app.symlink("app.wasm", to: outside.path("real.wasm"))
        let error = SpinManifestError.symlinkOutsideApp(manifest: app.manifest, key: "[component.app] source", path: "app.wasm",
                                                        target: outside.path("real.wasm"), root: app.root)
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description.contains("outside the app directory"))
    }

    @Test func symlinkOutsideInsideAMountedDirectoryIsRejected() throws {
        let outside = try TemporaryApp(files: ["secret.txt": ""])
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [{ source = \"assets\", destination = \"/\" }]"),
                                   files: ["app.wasm": "", "assets/a.txt": ""])
        try app.symlink("assets/escape", to: outside.root)
        #expect(throws: SpinManifestError.symlinkOutsideApp(manifest: app.manifest, key: "[component.app] files[0].source",
                                                            path: "assets/escape", target: outside.root, root: app.root)) {
            try reader.read(path: app.root)
        }
    }

    @Test func twoFilesAtOneDestinationConflict() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: """
            files = [{ source = "a/x.txt", destination = "/x.txt" }, { source = "b/x.txt", destination = "/x.txt" }]
            """), files: ["app.wasm": "", "a/x.txt": "a", "b/x.txt": "b"])
        let error = SpinManifestError.conflictingDestination(manifest: app.manifest, key: "[component.app] files",
                                                             destination: "/x.txt", first: "a/x.txt", second: "b/x.txt")
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description == "\(app.manifest): [component.app] files: 'a/x.txt' and 'b/x.txt' are both mounted at /x.txt; give one of them another destination or exclude it")
    }

    @Test func theSameFileSelectedTwiceIsNotAConflict() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [\"static\", \"static/*.txt\"]"),
                                   files: ["app.wasm": "", "static/a.txt": ""])
        #expect(try reader.read(path: app.root).components[0].files.map(\.destination) == ["/static/a.txt"])
    }

    @Test func triggerNamingAnUnknownComponentIsRejected() throws {
        let app = try TemporaryApp(manifest: v2Manifest(extra: "[[trigger.redis]]\nchannel = \"c\"\ncomponent = \"ap\"\n"),
                                   files: ["app.wasm": ""])
        let error = SpinManifestError.unknownTriggerComponent(manifest: app.manifest, key: "trigger.redis[0].component", component: "ap", known: ["app"])
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description == "\(app.manifest): trigger.redis[0].component names component 'ap', which does not exist (known: app); fix the id or add the component")
    }

    @Test func componentWithoutSourceIsRejected() throws {
        let app = try TemporaryApp(manifest: v2Manifest().replacingOccurrences(of: "source = \"app.wasm\"", with: "description = \"no source\""))
        let error = SpinManifestError.missingSource(manifest: app.manifest, key: "[component.app] source", component: "app")
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description.contains("component app has no source"))
    }

    @Test func wrongValueTypesNameTheKeyAndWhatWasFound() throws {
        let number = try TemporaryApp(manifest: v2Manifest().replacingOccurrences(of: "\"app.wasm\"", with: "3"))
        let error = SpinManifestError.wrongType(manifest: number.manifest, key: "[component.app] source",
                                                expected: "a path string, { url, digest } or { registry, package, version }",
                                                found: "integer 3")
        #expect(throws: error) { try reader.read(path: number.root) }
        #expect(error.description == "\(number.manifest): [component.app] source must be a path string, { url, digest } or { registry, package, version }, found integer 3; fix the value")

        let files = try TemporaryApp(manifest: v2Manifest(component: "files = \"static\""), files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.wrongType(manifest: files.manifest, key: "[component.app] files", expected: "an array", found: "string \"static\"")) {
            try reader.read(path: files.root)
        }
        let entry = try TemporaryApp(manifest: v2Manifest(component: "files = [true]"), files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.wrongType(manifest: entry.manifest, key: "[component.app] files[0]",
                                                    expected: "a path or glob string, or { source, destination }", found: "boolean true")) {
            try reader.read(path: entry.root)
        }
        let authors = try TemporaryApp(manifest: v2Manifest().replacingOccurrences(of: "name = \"test\"", with: "authors = \"me\""),
                                       files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.wrongType(manifest: authors.manifest, key: "[application] authors", expected: "an array of strings", found: "string \"me\"")) {
            try reader.read(path: authors.root)
        }
    }

    @Test func v1KeysAreNamedByComponentID() throws {
        let app = try TemporaryApp(manifest: """
            spin_manifest_version = "1"
            name = "v1"
            trigger = { type = "http", base = "/" }
            [[component]]
            id = "one"
            source = "one.wasm"
            [component.trigger]
            route = "/one"
            [[component]]
            id = "two"
            source = "two.wasm"
            files = ["missing"]
            [component.trigger]
            route = "/two"
            """, files: ["one.wasm": "", "two.wasm": ""])
        #expect(throws: SpinManifestError.filesPathNotFound(manifest: app.manifest, key: "component 'two' files[0]", path: "missing")) {
            try reader.read(path: app.root)
        }
    }

    @Test func v1DuplicateIdsAndMissingIdAreRejected() throws {
        let duplicate = try TemporaryApp(manifest: """
            spin_manifest_version = "1"
            [[component]]
            id = "a"
            source = "a.wasm"
            [[component]]
            id = "a"
            source = "a.wasm"
            """, files: ["a.wasm": ""])
        #expect(throws: SpinManifestError.duplicateComponent(manifest: duplicate.manifest, key: "component[1].id", component: "a")) {
            try reader.read(path: duplicate.root)
        }
        let missing = try TemporaryApp(manifest: "spin_manifest_version = \"1\"\n[[component]]\nsource = \"a.wasm\"\n")
        #expect(throws: SpinManifestError.missingKey(manifest: missing.manifest, key: "component[0].id")) {
            try reader.read(path: missing.root)
        }
    }

    @Test func remoteSourceNeedsADigest() throws {
        let app = try TemporaryApp(manifest: v2Manifest().replacingOccurrences(of: "\"app.wasm\"", with: "{ url = \"https://example.com/a.wasm\" }"))
        #expect(throws: SpinManifestError.missingKey(manifest: app.manifest, key: "[component.app] source.digest")) {
            try reader.read(path: app.root)
        }
    }

    @Test func relativeDestinationIsRejected() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [{ source = \"static\", destination = \"static\" }]"),
                                   files: ["app.wasm": "", "static/a.txt": ""])
        #expect(throws: SpinManifestError.invalidDestination(manifest: app.manifest, key: "[component.app] files[0].destination", destination: "static")) {
            try reader.read(path: app.root)
        }
    }

    // A typed list outside the macro: long literal arrays in @Test(arguments:) can exhaust the
    // type checker's time limit on slow machines.
    static let everyError: [SpinManifestError] = [
        .manifestNotFound(path: "/a/spin.toml"),
        .unreadable(path: "/a/spin.toml", reason: "not UTF-8 text"),
        .syntaxError(manifest: "/a/spin.toml", line: 3, column: 8, message: "expected value\nsaw newline"),
        .missingManifestVersion(manifest: "/a/spin.toml"),
        .unknownManifestVersion(manifest: "/a/spin.toml", key: "spin_version", value: "\"9\""),
        .wrongType(manifest: "/a/spin.toml", key: "[component.x] source", expected: "a string", found: "integer 3"),
        .missingKey(manifest: "/a/spin.toml", key: "component[0].id"),
        .missingSource(manifest: "/a/spin.toml", key: "[component.x] source", component: "x"),
        .duplicateComponent(manifest: "/a/spin.toml", key: "component[1].id", component: "x"),
        .unknownTriggerComponent(manifest: "/a/spin.toml", key: "trigger.http[0].component", component: "y", known: []),
        .sourceNotFound(manifest: "/a/spin.toml", key: "[component.x] source", path: "x.wasm"),
        .notAFile(manifest: "/a/spin.toml", key: "[component.x] source", path: "x"),
        .filesPathNotFound(manifest: "/a/spin.toml", key: "[component.x] files[0]", path: "x"),
        .invalidFilesPattern(manifest: "/a/spin.toml", key: "[component.x] files[0]", pattern: "a**", reason: "recursive wildcards must form a single path component"),
        .fileMountedAtDirectory(manifest: "/a/spin.toml", key: "[component.x] files[0].destination", source: "a.txt", destination: "/"),
        .invalidDigest(manifest: "/a/spin.toml", key: "[component.x] source.digest", digest: "md5:x"),
        .invalidOutboundHost(manifest: "/a/spin.toml", key: "[component.x] allowed_outbound_hosts[0]", host: "example.com", problem: "has no scheme"),
        .invalidOutboundHostDefault(manifest: "/a/spin.toml", key: "[component.x] allowed_outbound_hosts[0]", host: "https://{{ h }}", variable: "h", resolved: "https://a/b", problem: "has a path"),
        .invalidVariableName(manifest: "/a/spin.toml", key: "[variables] Api", name: "Api", problem: "has upper-case letters"),
        .absolutePath(manifest: "/a/spin.toml", key: "[component.x] source", path: "/x"),
        .pathOutsideApp(manifest: "/a/spin.toml", key: "[component.x] source", path: "../x", root: "/a"),
        .symlinkOutsideApp(manifest: "/a/spin.toml", key: "[component.x] source", path: "x", target: "/b/x", root: "/a"),
        .invalidDestination(manifest: "/a/spin.toml", key: "[component.x] files[0].destination", destination: "x"),
        .conflictingDestination(manifest: "/a/spin.toml", key: "[component.x] files", destination: "/x", first: "a/x", second: "b/x"),
    ]

    @Test(arguments: everyError)
    func everyMessageIsOneLineNamingTheManifestOrPath(error: SpinManifestError) {
        #expect(!error.description.contains("\n"))
        #expect(error.description.contains("/a/spin.toml") || error.description.hasPrefix("cannot read /a/spin.toml"))
    }
}
