import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackTestSupport

@Suite("Build errors")
struct BuildErrorTests {
    func buildError(_ path: String, _ options: BuildOptions) -> BuildError? {
        do {
            _ = try Builder().build(path: path, options: options, workingDirectory: Support.testdata)
            return nil
        } catch {
            return error
        }
    }

    @Test func aBareModuleNeedsTheWasmToOCIFormat() throws {
        let error = buildError("bare/hello.wasm", BuildOptions(output: try TestScratch.folder("build")))
        #expect(error?.description.contains("--format wasm-to-oci") == true)
    }

    @Test func severalComponentsNeedAChoiceAndTheErrorListsThem() throws {
        let error = buildError("v2-multi", BuildOptions(format: .wasmToOCI, output: try TestScratch.folder("build") + "/o"))
        #expect(error?.description.contains("--component (api, fileserver)") == true)
    }

    @Test func anUnknownComponentIsNamedWithTheChoices() throws {
        let error = buildError("v2-multi", BuildOptions(format: .wasmToOCI, output: try TestScratch.folder("build") + "/o", component: "web"))
        #expect(error?.description.hasSuffix("has no component 'web'; its components are: api, fileserver") == true)
    }

    @Test func aMissingInputSaysWhatToPass() {
        let error = buildError("no/such/app", BuildOptions())
        #expect(error?.description == "'no/such/app' does not exist; pass an app directory, a spin.toml or (with --format wasm-to-oci or wasm) a .wasm file")
    }

    @Test(arguments: ["", ".hidden", "-dash", String(repeating: "a", count: 129), "a/b", "ä"])
    func invalidTagsAreRefusedBeforeAnyWork(tag: String) throws {
        let output = try TestScratch.folder("build") + "/o"
        let error = buildError("v1-wagi", BuildOptions(output: output, tags: [tag]))
        #expect(error?.description.hasPrefix("invalid tag") == true)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func aFileThatIsNotWasmIsRefused() throws {
        let directory = try TestScratch.folder("build")
        try Data("not wasm".utf8).write(to: URL(fileURLWithPath: directory + "/fake.wasm"))
        let error = buildError(directory + "/fake.wasm", BuildOptions(format: .wasmToOCI, output: directory + "/o"))
        #expect(error?.description.contains("is not a WebAssembly module") == true)
        #expect(!FileManager.default.fileExists(atPath: directory + "/o"))
    }

    @Test func aFailedBuildLeavesTheExistingLayoutIntact() throws {
        let app = try Support.copyOfTestdata("v2-multi")
        let output = try TestScratch.folder("build") + "/layout"
        _ = try Builder().build(path: app, options: BuildOptions(output: output), workingDirectory: "/")
        let before = try Support.files(in: output)

        try FileManager.default.removeItem(atPath: app + "/modules/fileserver.wasm")
        let error = buildError(app, BuildOptions(output: output))
        #expect(error != nil)
        #expect(try Support.files(in: output) == before)
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (output as NSString).deletingLastPathComponent)
        #expect(siblings == ["layout"])
    }
}
