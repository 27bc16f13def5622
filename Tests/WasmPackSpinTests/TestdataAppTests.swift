import Foundation
import Testing
@testable import WasmPackSpin

@Suite("The committed testdata apps")
struct TestdataAppTests {
    let reader = SpinManifestReader()

    @Test func v1WagiAppHasOneComponentWithItsWwwrootMountedAtRoot() throws {
        let root = Testdata.path("v1-wagi")
        let app = try reader.read(path: root)

        #expect(app.manifestVersion == .v1)
        #expect(app.rootDirectory == root)
        #expect(app.manifestFile == AppFile(relativePath: "spin.toml", absolutePath: root + "/spin.toml"))
        #expect(app.name == "wagi-hello")
        #expect(app.version == "1.0.0")
        #expect(app.description == "A WAGI hello-world app, shaped like the .NET Spin guide's.")
        #expect(app.authors == ["wasmpack maintainers <maintainers@example.com>"])
        #expect(app.components.map(\.id) == ["hello"])
        let hello = try #require(app.components.first)
        #expect(hello.source == .local(AppFile(relativePath: "bin/hello.wasm", absolutePath: root + "/bin/hello.wasm")))
        #expect(hello.files.map(\.relativePath) == ["wwwroot/css/site.css", "wwwroot/index.html"])
        #expect(hello.files.map(\.destination) == ["/css/site.css", "/index.html"])
        #expect(app.files.map(\.relativePath) == ["bin/hello.wasm", "wwwroot/css/site.css", "wwwroot/index.html"])
        #expect(app.warnings.isEmpty)
    }

    @Test func v2MultiAppListsBothComponentsAndEveryAssetSorted() throws {
        let root = Testdata.path("v2-multi")
        let app = try reader.read(path: root + "/spin.toml")

        #expect(app.manifestVersion == .v2)
        #expect(app.name == "multi")
        #expect(app.version == "0.2.0")
        #expect(app.description == nil)
        #expect(app.components.map(\.id) == ["api", "fileserver"])
        #expect(app.components[0].source == .local(AppFile(relativePath: "api/api.wasm", absolutePath: root + "/api/api.wasm")))
        #expect(app.components[0].files.isEmpty)
        #expect(app.components[1].files.map(\.destination) == [
            "/.well-known/security.txt", "/docs/guide/intro.md", "/img/logo.svg", "/index.html", "/robots.txt",
        ])
        #expect(app.files.map(\.relativePath) == [
            "api/api.wasm",
            "assets/.well-known/security.txt",
            "assets/docs/guide/intro.md",
            "assets/img/logo.svg",
            "assets/index.html",
            "assets/robots.txt",
            "modules/fileserver.wasm",
        ])
        #expect(app.files.allSatisfy { $0.absolutePath == root + "/" + $0.relativePath })
        #expect(app.warnings.isEmpty)
    }

    @Test func bareWasmFixtureIsTheEmptyModule() throws {
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Testdata.path("bare/hello.wasm")))
        #expect(Array(bytes) == [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00])
    }

    @Test func bareDirectoryWithoutManifestIsReportedAsMissingManifest() {
        let directory = Testdata.path("bare")
        #expect(throws: SpinManifestError.manifestNotFound(path: directory + "/spin.toml")) {
            try reader.read(path: directory)
        }
    }

    @Test func relativeAndDottedPathsAreStandardised() throws {
        let app = try reader.read(path: Testdata.path("v1-wagi/bin/../"))
        #expect(app.rootDirectory == Testdata.path("v1-wagi"))
    }
}
