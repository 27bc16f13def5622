import Foundation
import Testing
@testable import WasmPackSpin

/// The file set wasmpack packs is the one Spin's loader copies (`glob::glob` for `files`,
/// `Pattern::matches_path` for `exclude_files`), and what Spin refuses is refused, naming the key.
@Suite("Spin's own file semantics")
struct SpinFileSemanticsTests {
    let reader = SpinManifestReader()

    private func component(_ lines: String, files: [String: String], extra: String = "") throws -> (SpinApp, TemporaryApp) {
        let app = try TemporaryApp(manifest: v2Manifest(component: lines, extra: extra), files: files.merging(["app.wasm": ""]) { $1 })
        return (try reader.read(path: app.root), app)
    }

    @Test func aGlobMatchingADirectoryPacksNoneOfItsSubtree() throws {
        let (read, _) = try component("files = [\"pattern/*\"]", files: ["pattern/a.txt": "", "pattern/nested/b.txt": ""])
        #expect(read.components[0].files.map(\.relativePath) == ["pattern/a.txt"])
        #expect(read.components[0].mounts == [FilesMount(kind: .glob, written: "pattern/*", source: "pattern/*", destination: "/")])
    }

    @Test func aTrailingDoubleStarSelectsDirectoriesOnlySoNoFiles() throws {
        let (read, _) = try component("files = [\"static/**\"]", files: ["static/a.txt": "", "static/sub/b.txt": ""])
        #expect(read.components[0].files.isEmpty)
        #expect(read.warnings.contains("component app: [component.app] files[0] pattern 'static/**' matches no file"))
    }

    @Test func excludeFilesStarCrossesSlashes() throws {
        let (read, _) = try component("""
            files = ["thisshouldbeexcluded/**/*", { source = "dist", destination = "/" }]
            exclude_files = ["thisshouldbeexcluded/*", "*.map"]
            """, files: ["thisshouldbeexcluded/1": "", "thisshouldbeexcluded/deeper/5": "",
                         "dist/index.html": "", "dist/assets/app.js": "", "dist/assets/app.js.map": ""])
        #expect(read.components[0].files.map(\.relativePath) == ["dist/assets/app.js", "dist/index.html"])
    }

    @Test func excludeFilesMatchesPathsRelativeToTheAppDirectoryNotTheMount() throws {
        let (read, _) = try component("""
            files = [{ source = "dist", destination = "/" }]
            exclude_files = ["assets/*", "./dist/index.html"]
            """, files: ["dist/index.html": "", "dist/assets/app.js": ""])
        // `assets/*` would match the mounted path; Spin matches `dist/assets/app.js`. And Spin uses
        // the pattern as written: `./dist/…` never matches.
        #expect(read.components[0].files.map(\.destination) == ["/assets/app.js", "/index.html"])
    }

    @Test func aSingleFileIsPackedWhateverExcludeFilesSays() throws {
        let (read, _) = try component("""
            files = ["notes.map"]
            exclude_files = ["*.map"]
            """, files: ["notes.map": ""])
        #expect(read.components[0].files.map(\.relativePath) == ["notes.map"])
    }

    @Test func anEmptyMountedDirectoryIsKeptAsADirectoryWithItsParents() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [{ source = \"web/assets\", destination = \"/\" }, \"data\"]"),
                                   files: ["app.wasm": ""])
        try FileManager.default.createDirectory(atPath: app.path("web/assets"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: app.path("data"), withIntermediateDirectories: true)
        let read = try reader.read(path: app.root)
        #expect(read.components[0].files.isEmpty)
        #expect(read.directories == ["data", "web/assets"])
        #expect(read.components[0].mounts.map(\.kind) == [.directory, .directory])
    }

    @Test func aManifestWithAnotherNameThatFilesSelectsIsPackedAtItsOwnPath() throws {
        let app = try TemporaryApp(files: ["app.wasm": "", "index.html": ""])
        try app.write("wagi.toml", v2Manifest(component: "files = [\"**/*\"]"))
        let read = try reader.read(path: app.path("wagi.toml"))
        #expect(read.manifestFile.relativePath == "wagi.toml")
        #expect(read.files.map(\.relativePath) == ["app.wasm", "index.html", "wagi.toml"])
    }

    @Test func aSingleFileMountedAtADirectoryPathIsRejected() throws {
        for destination in ["/", "/static/"] {
            let app = try TemporaryApp(manifest: v2Manifest(component: "files = [{ source = \"file.txt\", destination = \"\(destination)\" }]"),
                                       files: ["app.wasm": "", "file.txt": ""])
            let error = SpinManifestError.fileMountedAtDirectory(
                manifest: app.manifest, key: "[component.app] files[0].destination", source: "file.txt", destination: destination)
            #expect(throws: error) { try reader.read(path: app.root) }
        }
        let error = SpinManifestError.fileMountedAtDirectory(manifest: "/a/spin.toml", key: "[component.app] files[0].destination", source: "file.txt", destination: "/")
        #expect(error.description == "/a/spin.toml: [component.app] files[0].destination: '/' is a directory, but source 'file.txt' is a single file; give the file name, such as '/file.txt', or mount a directory")
    }

    @Test func invalidGlobSyntaxIsRejectedNamingTheKey() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [\"static/a**\"]\nexclude_files = [\"[\"]"), files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.invalidFilesPattern(manifest: app.manifest, key: "[component.app] exclude_files[0]", pattern: "[", reason: "invalid range pattern")) {
            try reader.read(path: app.root)
        }
        try app.write("spin.toml", v2Manifest(component: "files = [\"static/a**\"]"))
        #expect(throws: SpinManifestError.invalidFilesPattern(manifest: app.manifest, key: "[component.app] files[0]", pattern: "static/a**", reason: "recursive wildcards must form a single path component")) {
            try reader.read(path: app.root)
        }
    }

    @Test(arguments: [".", "static/.", "static/.."])
    func aFilesPatternEndingInDotOrDotDotIsRejected(pattern: String) throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "files = [\"\(pattern)\"]"), files: ["app.wasm": "", "static/a.txt": ""])
        #expect(performing: { try reader.read(path: app.root) }, throws: { error in
            guard case SpinManifestError.invalidFilesPattern(_, let key, let written, _) = error else { return false }
            return key == "[component.app] files[0]" && written == pattern
        })
    }

    @Test func anExistingPathWithGlobCharactersIsTakenLiterally() throws {
        let (read, _) = try component("files = [\"page[1].html\"]", files: ["page[1].html": "", "page1.html": ""])
        #expect(read.components[0].files.map(\.relativePath) == ["page[1].html"])
    }

    // MARK: what Spin refuses

    static let badDigests = ["md5:abc", "sha256:abc", "sha256:" + String(repeating: "A", count: 64), "sha512:" + String(repeating: "a", count: 128)]

    @Test(arguments: badDigests)
    func aSourceDigestThatIsNotSHA256HexIsRejected(digest: String) throws {
        let manifest = v2Manifest().replacingOccurrences(of: "\"app.wasm\"", with: "{ url = \"https://example.com/a.wasm\", digest = \"\(digest)\" }")
        let app = try TemporaryApp(manifest: manifest)
        #expect(throws: SpinManifestError.invalidDigest(manifest: app.manifest, key: "[component.app] source.digest", digest: digest)) {
            try reader.read(path: app.root)
        }
    }

    @Test func aLowerCaseSHA256DigestIsAccepted() throws {
        let manifest = v2Manifest().replacingOccurrences(of: "\"app.wasm\"", with: "{ url = \"https://example.com/a.wasm\", digest = \"sha256:\(String(repeating: "0f", count: 32))\" }")
        let app = try TemporaryApp(manifest: manifest)
        #expect(try reader.read(path: app.root).components[0].source == .remote(url: "https://example.com/a.wasm", digest: "sha256:" + String(repeating: "0f", count: 32)))
    }

    static let validOutboundHosts = [
        "https://example.com", "https://example.com:8443", "http://example.com/", "*://*:*", "https://*.example.com",
        "redis://*:6379", "postgres://db.internal", "mqtt://broker:1883", "https://self", "http://self.alt",
        "*://10.0.0.0/8:*", "https://192.168.1.1:80..90", "https://[::1]:443", "https://{{ host }}", "{{ url }}",
        "https://example.com:*", "tcp://example.com:5000",
    ]

    @Test(arguments: validOutboundHosts)
    func outboundHostsSpinAcceptsAreAccepted(host: String) throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "allowed_outbound_hosts = [\"\(host)\"]"), files: ["app.wasm": ""])
        _ = try reader.read(path: app.root)
    }

    static let invalidOutboundHosts: [(String, String)] = [
        ("example.com", "has no scheme (such as 'https://' or '*://')"),
        ("*", "is not a host pattern (to allow everything, write '*://*:*')"),
        ("insecure:allow-all", "is only valid in allowed_http_hosts (write '*://*:*' instead)"),
        ("https://example.com/path", "has a path, which hosts may not have"),
        ("https://example.com:443/path", "has a path, which hosts may not have"),
        ("https://ex*ample.com", "has a '*' that is not the first label (write '*.example.com')"),
        ("https://*.*.example.com", "has a '*' that is not the first label (write '*.example.com')"),
        ("tcp://example.com", "has no port, and scheme 'tcp' has no default port; add one, such as ':443' or ':*'"),
        ("*://example.com", "has no port, and scheme '*' has no default port; add one, such as ':443' or ':*'"),
        ("https://example.com:http", "has a port 'http' that is not a number from 0 to 65535"),
        ("https://example.com:70000", "has a port '70000' that is not a number from 0 to 65535"),
        ("https://example.com:1..x", "has a port range '1..x' that is not two port numbers"),
        ("ht-tp://example.com", "has a scheme 'ht-tp' with characters other than letters"),
        ("https://{{ host", "has a '{{' without a closing '}}'"),
    ]

    @Test(arguments: invalidOutboundHosts)
    func malformedOutboundHostsAreRejectedNamingTheEntry(host: String, problem: String) throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "allowed_outbound_hosts = [\"https://ok.example.com\", \"\(host)\"]"), files: ["app.wasm": ""])
        let error = SpinManifestError.invalidOutboundHost(manifest: app.manifest, key: "[component.app] allowed_outbound_hosts[1]", host: host, problem: problem)
        #expect(throws: error) { try reader.read(path: app.root) }
    }

    @Test func aVariableDefaultThatMakesATemplatedHostInvalidIsRejected() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "allowed_outbound_hosts = [\"https://{{ api_host }}\"]",
                                                        extra: "[variables]\napi_host = { default = \"example.com/api\" }"),
                                   files: ["app.wasm": ""])
        let error = SpinManifestError.invalidOutboundHostDefault(
            manifest: app.manifest, key: "[component.app] allowed_outbound_hosts[0]", host: "https://{{ api_host }}",
            variable: "api_host", resolved: "https://example.com/api", problem: "has a path, which hosts may not have")
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description == "\(app.manifest): [component.app] allowed_outbound_hosts[0]: 'https://{{ api_host }}' becomes 'https://example.com/api' with the default of variable 'api_host', which has a path, which hosts may not have; fix the default in [variables]")

        // A required variable has no default: its value comes at start, nothing to check here.
        try app.write("spin.toml", v2Manifest(component: "allowed_outbound_hosts = [\"https://{{ api_host }}\"]",
                                              extra: "[variables]\napi_host = { required = true }"))
        _ = try reader.read(path: app.root)
    }

    static let v1HTTPHosts: [(String, Bool)] = [
        ("example.com", true), ("example.com:8080", true), ("https://example.com", true), ("http://example.com:80/", true),
        ("insecure:allow-all", true), ("self", true), ("192.168.1.1:3002", true), ("[::1]", true),
        ("ftp://example.com", false), ("https://example.com/a", false), ("example.com:port", false), ("exa mple.com", false),
    ]

    @Test(arguments: v1HTTPHosts)
    func v1AllowedHTTPHostsFollowSpinsCompatibilityRules(host: String, valid: Bool) throws {
        let app = try TemporaryApp(manifest: """
            spin_manifest_version = "1"
            trigger = { type = "http", base = "/" }
            [[component]]
            id = "api"
            source = "app.wasm"
            allowed_http_hosts = ["\(host)"]
            [component.trigger]
            route = "/..."
            """, files: ["app.wasm": ""])
        if valid {
            _ = try reader.read(path: app.root)
        } else {
            #expect(performing: { try reader.read(path: app.root) }, throws: { error in
                guard case SpinManifestError.invalidOutboundHost(_, let key, let written, _) = error else { return false }
                return key == "component 'api' allowed_http_hosts[0]" && written == host
            })
        }
    }

    static let variableNames: [(String, String?)] = [
        ("api_key", nil), ("a1", nil), ("key_2", nil), ("v_1st", nil), ("ns:name", nil),
        ("Api", "has upper-case letters"),
        ("api-key", "separates words with '-' instead of '_'"),
        ("api__key", "has an empty word (a doubled, leading or trailing '_')"),
        ("_key", "has an empty word (a doubled, leading or trailing '_')"),
        ("key_", "has an empty word (a doubled, leading or trailing '_')"),
        ("1key", "has a word starting with '1' instead of a letter"),
        ("kéy", "contains 'é', which is not a letter, digit or '_'"),
        ("bad+name", "contains '+', which is not a letter, digit or '_'"),
    ]

    @Test(arguments: variableNames)
    func variableNamesMustBeLowerSnakeCase(name: String, problem: String?) throws {
        let app = try TemporaryApp(manifest: v2Manifest(extra: "[variables]\n\"\(name)\" = { default = \"x\" }"), files: ["app.wasm": ""])
        if let problem {
            #expect(throws: SpinManifestError.invalidVariableName(manifest: app.manifest, key: "[variables] \(name)", name: name, problem: problem)) {
                try reader.read(path: app.root)
            }
        } else {
            _ = try reader.read(path: app.root)
        }
    }

    // The checks must not refuse valid apps: a manifest with every kind of value Spin documents.
    @Test func aManifestUsingEveryCheckedKeyValidlyParses() throws {
        let manifest = """
            spin_manifest_version = 2
            [application]
            name = "everything"
            [variables]
            greeting = { default = "hello" }
            api_token = { required = true, secret = true }
            db_host = { default = "db.internal" }
            [[trigger.http]]
            route = "/..."
            component = "web"
            [component.web]
            source = { url = "https://example.com/web.wasm", digest = "sha256:\(String(repeating: "ab12", count: 16))" }
            files = ["pattern/*", { source = "placement", destination = "/" }]
            exclude_files = ["**/secret"]
            allowed_outbound_hosts = ["https://example.com:443", "postgres://{{ db_host }}", "https://{{ db_host }}:8000..8010", "*://*.svc.cluster.local:*"]
            variables = { message = "{{ greeting }}", token = "{{ api_token }}" }
            [component.web.dependencies]
            "a:b/c" = { url = "https://example.com/c.wasm", digest = "sha256:\(String(repeating: "0", count: 64))" }
            """
        #expect(try reader.parseManifest(bytes: Array(manifest.utf8), path: "/a/spin.toml") == .v2)
    }

    @Test func componentVariableNamesAreCheckedToo() throws {
        let app = try TemporaryApp(manifest: v2Manifest(component: "variables = { ApiKey = \"{{ api_key }}\" }"), files: ["app.wasm": ""])
        #expect(throws: SpinManifestError.invalidVariableName(manifest: app.manifest, key: "[component.app] variables.ApiKey", name: "ApiKey", problem: "has upper-case letters")) {
            try reader.read(path: app.root)
        }
    }

    @Test func v1ErrorsNameTheComponentByItsID() throws {
        let app = try TemporaryApp(manifest: """
            spin_manifest_version = "1"
            trigger = { type = "http", base = "/" }
            [[component]]
            id = "api"
            source = "api.wasm"
            [component.trigger]
            route = "/..."
            """)
        let error = SpinManifestError.sourceNotFound(manifest: app.manifest, key: "component 'api' source", path: "api.wasm")
        #expect(throws: error) { try reader.read(path: app.root) }
        #expect(error.description.contains("component 'api' source: file 'api.wasm' does not exist"))
    }

    // MARK: the committed app the later stages reuse

    @Test func theExcludeFilesTestdataAppGetsExactlyTheFilesSpinWouldCopy() throws {
        let read = try reader.read(path: Testdata.path("exclude-files"))
        let web = try #require(read.components.first { $0.id == "web" })
        #expect(web.files.map(\.destination) == ["/assets/app.js", "/index.html", "/pattern/.hidden", "/pattern/a.txt"])
        #expect(web.mounts.map(\.kind) == [.directory, .glob, .glob])
        #expect(web.excludeFiles == ["*.map", "thisshouldbeexcluded/*"])
        let staticFiles = try #require(read.components.first { $0.id == "static" })
        #expect(staticFiles.files.map(\.destination) == ["/static/readme.md", "/static/site.css"])
        #expect(read.files.map(\.relativePath) == [
            "dist/assets/app.js", "dist/index.html", "pattern/.hidden", "pattern/a.txt",
            "static/readme.md", "static/site.css", "target/api.wasm", "target/web.wasm",
        ])
        #expect(read.directories == ["dist"])
    }
}
