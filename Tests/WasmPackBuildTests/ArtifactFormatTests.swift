import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// `pull` and `inspect` name the four packagings by their media types alone.
@Suite("Artifact format recognition")
struct ArtifactFormatTests {
    @Test(arguments: [
        ("v2-multi", BuildFormat.image, ArtifactFormat.image),
        ("bare/hello.wasm", .wasmToOCI, .wasmToOCI),
        ("bare/hello.wasm", .wasm, .wasm),
    ])
    func eachBuiltFormatIsNamedInItsSummary(input: String, format: BuildFormat, expected: ArtifactFormat) throws {
        let output = try TestScratch.folder("build") + "/layout"
        _ = try Builder().build(path: input, options: BuildOptions(format: format, output: output), workingDirectory: Support.testdata)
        #expect(try ImageSummary(layout: OCILayout(root: output), tag: nil).format == expected)
    }

    static func descriptor(_ type: MediaType) -> Descriptor {
        Descriptor(mediaType: type, digest: SHA256Hasher.digest(of: Array(type.rawValue.utf8)), size: 1)
    }

    @Test func anImageConfigWithALockedAppLayerIsSpin() {
        // What `spin registry push` writes: an image config, wasm and data layers, the locked app last.
        let manifest = ImageManifest(
            mediaType: nil, config: Self.descriptor(.ociImageConfig),
            layers: [Self.descriptor(.wasmContentLayer), Self.descriptor(.spinDataLayer), Self.descriptor(.spinApplication)])
        #expect(ArtifactFormat(manifest) == .spin)
    }

    @Test func anotherArtifactTypeIsNoneOfTheFour() {
        let manifest = ImageManifest(config: Self.descriptor("application/vnd.cncf.helm.config.v1+json"), layers: [])
        #expect(ArtifactFormat(manifest) == nil)
    }
}
