import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// The testdata apps build to fixed digests: any change to the output bytes shows up here.
@Suite("Golden digests")
struct GoldenDigestTests {
    static let cases: [(app: String, format: BuildFormat, digest: String)] = [
        ("bare/hello.wasm", .wasmToOCI, "sha256:69ce54e69442fc5a21d155af9629dd3de419440fcc2c43ec1889dd7b70aa1d09"),
        ("v1-wagi", .image, "sha256:2493d38d5e9ac4836088d02fa05a5af736b5f359537c2ec7dd2f198b6437168d"),
        ("v2-multi", .image, "sha256:6d34fe5f27917df86fb5c262812cec66b4356cadc1d45db178263282098f2841"),
        // Files repacked for direct mounts (issue 8 §3); with --keep-manifest it is
        // sha256:0fe9981b10eec26910472df55ce7f96f44d736819f2c1af6e65b8b4980fd222e as before (DirectMountRewriteTests).
        ("exclude-files", .image, "sha256:893b6ac9fadb56bad5ee5349992eb4594dcf1b7cbdb4973a18cc853047f4afb5"),
        ("v1-wagi", .wasmToOCI, "sha256:5a3f265c3d6d003611cd854fcd2fbae7ed572e43f4414641f9eb2811e7bc5504"),
    ]

    @Test(arguments: cases)
    func testdataAppBuildsToItsGoldenDigest(app: String, format: BuildFormat, digest: String) throws {
        let output = try TestScratch.folder("build") + "/layout"
        let result = try Builder().build(
            path: Support.testdata + "/" + app, options: BuildOptions(format: format, output: output),
            workingDirectory: Support.testdata)
        #expect(result.manifest.digest.description == digest)
        try OCILayout(root: output).verify()
    }

    @Test func aSecondCheckoutWithOtherTimesModesAndOrderGivesTheSameDigest() throws {
        let original = try TestScratch.folder("build") + "/layout"
        let expected = try Builder().build(
            path: Support.testdata + "/v2-multi", options: BuildOptions(output: original), workingDirectory: "/")

        let copy = try Support.copyOfTestdata("v2-multi")
        let manager = FileManager.default
        for (offset, name) in try Support.files(in: copy).keys.sorted().enumerated() {
            let path = copy + "/" + name
            try manager.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 1_000_000 + Double(offset) * 7777),
                 .posixPermissions: offset % 2 == 0 ? 0o600 : 0o755],
                ofItemAtPath: path)
        }
        let rebuilt = try Builder().build(path: copy, options: BuildOptions(), workingDirectory: "/")
        #expect(rebuilt.manifest.digest == expected.manifest.digest)
        #expect(rebuilt.layout == copy + "/.wasmpack")
    }

    @Test func buildingTwiceIntoTheDefaultOutputNeverPacksTheOutputItself() throws {
        let copy = try Support.copyOfTestdata("v2-multi")
        let first = try Builder().build(path: copy, options: BuildOptions(), workingDirectory: "/")
        let second = try Builder().build(path: copy + "/spin.toml", options: BuildOptions(), workingDirectory: "/")
        #expect(first.manifest.digest == second.manifest.digest)
    }

    @Test func sourceDateEpochSetsCreatedEverywhereAndNothingElseChanges() throws {
        let output = try TestScratch.folder("build") + "/layout"
        var options = BuildOptions(output: output)
        options.sourceDateEpoch = 1_735_689_600
        _ = try Builder().build(path: Support.testdata + "/v1-wagi", options: options, workingDirectory: "/")
        let summary = try ImageSummary(layout: OCILayout(root: output), tag: nil)
        #expect(summary.created == "2025-01-01T00:00:00Z")
        #expect(summary.annotations[AnnotationKey.created] == "2025-01-01T00:00:00Z")
        #expect(summary.platform == "wasi/wasm")
    }

    @Test func annotationsComeFromSpinTomlAndExplicitOnesWin() throws {
        let output = try TestScratch.folder("build") + "/layout"
        let options = BuildOptions(output: output, annotations: [AnnotationKey.version: "9.9.9", "com.example.team": "web"])
        _ = try Builder().build(path: Support.testdata + "/v2-multi", options: options, workingDirectory: "/")
        let annotations = try ImageSummary(layout: OCILayout(root: output), tag: nil).annotations
        #expect(annotations[AnnotationKey.title] == "multi")
        #expect(annotations[AnnotationKey.version] == "9.9.9")
        #expect(annotations["com.example.team"] == "web")
        #expect(annotations[AnnotationKey.created] == nil)
    }

    @Test func platformOverrideReachesConfigAndIndex() throws {
        let output = try TestScratch.folder("build") + "/layout"
        let options = BuildOptions(output: output, platform: try Platform(parsing: "linux/amd64"))
        _ = try Builder().build(path: Support.testdata + "/v1-wagi", options: options, workingDirectory: "/")
        let layout = OCILayout(root: output)
        #expect(try ImageSummary(layout: layout, tag: nil).platform == "linux/amd64")
        #expect(try layout.descriptor(tag: "latest").platform == Platform(os: "linux", architecture: "amd64"))
    }

    @Test func wasmToOCIArtifactKeepsTheModuleBytesAndTitle() throws {
        let output = try TestScratch.folder("build") + "/layout"
        _ = try Builder().build(
            path: Support.testdata + "/v2-multi",
            options: BuildOptions(format: .wasmToOCI, output: output, component: "api"), workingDirectory: "/")
        let layout = OCILayout(root: output)
        let manifest = try layout.manifest(try layout.descriptor(tag: nil))
        #expect(manifest.mediaType == nil)
        #expect(manifest.config.mediaType == .wasmConfigV1)
        #expect(manifest.config.size == 2)
        #expect(manifest.layers.count == 1)
        #expect(manifest.layers[0].title == "api.wasm")
        let module = try Data(contentsOf: URL(fileURLWithPath: Support.testdata + "/v2-multi/api/api.wasm"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: layout.blobPath(for: manifest.layers[0].digest))) == module)
    }
}
