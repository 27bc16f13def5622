import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// `--format wasm`: the CNCF Wasm OCI artifact, byte for byte what `wkg oci push` writes except
/// that `created` is reproducible.
@Suite("CNCF wasm artifact format")
struct CNCFWasmFormatTests {
    static let vectors = Support.testdata + "/wasm-artifact"

    private func build(_ path: String, _ configure: (inout BuildOptions) -> Void = { _ in }) throws -> (OCILayout, ImageManifest, [UInt8], [UInt8]) {
        let output = try TestScratch.folder("build") + "/layout"
        var options = BuildOptions(format: .wasm, output: output)
        configure(&options)
        let result = try Builder().build(path: path, options: options, workingDirectory: Support.testdata)
        let layout = OCILayout(root: output)
        try layout.verify()
        let manifestBytes = try layout.readBlob(result.manifest)
        let manifest = try layout.manifest(result.manifest)
        return (layout, manifest, manifestBytes, try layout.readBlob(manifest.config))
    }

    @Test func aCoreModuleReproducesTheReferenceConfigAndManifestByteForByte() throws {
        let (_, _, manifest, config) = try build("bare/hello.wasm")
        let expectedConfig = try Data(contentsOf: URL(fileURLWithPath: Self.vectors + "/wasm-artifact.config.json"))
        let expectedManifest = try Data(contentsOf: URL(fileURLWithPath: Self.vectors + "/wasm-artifact.manifest.json"))
        #expect(String(decoding: config, as: UTF8.self) == String(decoding: expectedConfig, as: UTF8.self))
        #expect(String(decoding: manifest, as: UTF8.self) == String(decoding: expectedManifest, as: UTF8.self))
    }

    @Test func aComponentNamesItsWorldsImportsAndExportsWithOSWasip2() throws {
        let (layout, manifest, _, config) = try build("wasm/http-handler.component.wasm")
        // The world as `wasm-tools component wit` prints it: import types and outgoing-handler,
        // export incoming-handler.
        #expect(String(decoding: config, as: UTF8.self) == """
            {"created":"1970-01-01T00:00:00Z","author":null,"architecture":"wasm","os":"wasip2",\
            "layerDigests":["\(manifest.layers[0].digest)"],"component":{"exports":["wasi:http/incoming-handler@0.2.0"],\
            "imports":["wasi:http/types@0.2.0","wasi:http/outgoing-handler@0.2.0"],"target":null}}
            """)
        #expect(manifest.config.mediaType == .wasmConfigV0)
        #expect(manifest.layers.count == 1)
        #expect(manifest.layers[0].mediaType == .wasm)
        #expect(manifest.layers[0].annotations?[AnnotationKey.title] == "http-handler.component.wasm")
        let original = try Data(contentsOf: URL(fileURLWithPath: Support.testdata + "/wasm/http-handler.component.wasm"))
        #expect(Data(try layout.readBlob(manifest.layers[0])) == original)
    }

    static let golden: [(input: String, digest: String)] = [
        // The manifest of the formats.md §3 vector (sha256 of testdata/wasm-artifact/wasm-artifact.manifest.json).
        ("bare/hello.wasm", "sha256:5fe5e1c9ee8075236f83a02f77dff1e7d926bf8998e5456d55a5eafa38d8ec5d"),
        ("wasm/http-handler.component.wasm", "sha256:183286fcd50332c7a76a64c7274e1d8e9eb214237fa2e665c7d012dedf8a7bf2"),
        ("wasm/wagi-preview1.wasm", "sha256:298195818992bbc58f7ef6dd8370647a435a5a12bfd1794d009c543b83ccf392"),
    ]

    @Test(arguments: golden)
    func theTestdataBinariesBuildToTheirGoldenDigests(input: String, digest: String) throws {
        let output = try TestScratch.folder("build") + "/layout"
        let result = try Builder().build(
            path: input, options: BuildOptions(format: .wasm, output: output), workingDirectory: Support.testdata)
        #expect(result.manifest.digest.description == digest)
    }

    @Test func sourceDateEpochSetsCreatedInTheConfigAndTheManifestAnnotation() throws {
        let (_, manifest, _, config) = try build("bare/hello.wasm") { $0.sourceDateEpoch = 1_735_689_600 }
        #expect(String(decoding: config, as: UTF8.self).hasPrefix(#"{"created":"2025-01-01T00:00:00Z","author":null"#))
        #expect(manifest.annotations?[AnnotationKey.created] == "2025-01-01T00:00:00Z")
    }

    @Test func aComponentOfAnAppIsChosenWithTheComponentOption() throws {
        let (_, manifest, _, config) = try build("v2-multi") { options in options.component = "api" }
        #expect(manifest.layers.count == 1)
        #expect(manifest.layers[0].annotations?[AnnotationKey.title]?.hasSuffix(".wasm") == true)
        #expect(String(decoding: config, as: UTF8.self).contains(#""architecture":"wasm""#))
    }

    @Test func aFileThatIsNotWasmFailsWithNothingWritten() throws {
        let folder = try TestScratch.folder("build")
        let script = folder + "/worker.wasm"
        try FileManager.default.copyItem(atPath: Support.testdata + "/wasm/not-wasm.js", toPath: script)
        #expect {
            _ = try Builder().build(
                path: script, options: BuildOptions(format: .wasm, output: folder + "/layout"), workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description.contains("worker.wasm") == true
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/layout"))
    }

    @Test func aTruncatedWasmFileFailsWithOneLineNamingIt() throws {
        let folder = try TestScratch.folder("build")
        let broken = folder + "/broken.wasm"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Support.testdata + "/wasm/http-handler.component.wasm"))
        try bytes.prefix(40).write(to: URL(fileURLWithPath: broken))
        #expect {
            _ = try Builder().build(
                path: broken, options: BuildOptions(format: .wasm, output: folder + "/layout"), workingDirectory: "/")
        } throws: { error in
            let text = (error as? BuildError)?.description ?? ""
            return text.contains("broken.wasm") && !text.contains("\n")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/layout"))
    }

    @Test func anAppWithSeveralComponentsAsksForOneNamingThisFormat() throws {
        let output = try TestScratch.folder("build") + "/layout"
        #expect {
            _ = try Builder().build(
                path: "v2-multi", options: BuildOptions(format: .wasm, output: output), workingDirectory: Support.testdata)
        } throws: { error in
            let text = (error as? BuildError)?.description ?? ""
            return text.contains("--format wasm-to-oci or wasm") && text.contains("--component (api, fileserver)")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aRealComponentNamesTheSameWorldAsWasmToolsComponentWit() throws {
        // spin-python-http (componentize-py): 96 imports, a plain-named export. The expectation is
        // `wasm-tools component wit` 1.262's world, one "import|export NAME" a line (README there).
        let folder = try TestScratch.folder("build")
        let gunzip = try Support.run("/bin/sh", ["-c", "gzip -dc \"$0\" > \"$1\"",
            Support.testdata + "/checks/spin-python-http/app.component.wasm.gz", folder + "/app.wasm"])
        #expect(gunzip.status == 0, "\(gunzip.stderr)")
        let (_, _, _, config) = try build(folder + "/app.wasm")
        struct Config: Decodable { struct Component: Decodable { var imports: [String]; var exports: [String] }; var component: Component }
        let component = try JSONDecoder().decode(Config.self, from: Data(config)).component
        let world = try String(contentsOfFile: Self.vectors + "/spin-python-http.world.txt", encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(component.imports.map { "import " + $0 } + component.exports.map { "export " + $0 } == world)
    }

    @Test func aSecondCheckoutWithAnotherFolderTimeAndModeGivesTheSameDigest() throws {
        let copy = try TestScratch.folder("checkout") + "/elsewhere/http-handler.component.wasm"
        try FileManager.default.createDirectory(
            atPath: (copy as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Support.testdata + "/wasm/http-handler.component.wasm", toPath: copy)
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: 1_234_567), .posixPermissions: 0o700], ofItemAtPath: copy)
        let output = try TestScratch.folder("build") + "/layout"
        let result = try Builder().build(path: copy, options: BuildOptions(format: .wasm, output: output), workingDirectory: "/")
        #expect(result.manifest.digest.description == Self.golden[1].digest)
    }
}
