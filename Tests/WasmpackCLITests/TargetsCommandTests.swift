import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack targets` and `build|push --target` as users type them.
@Suite("wasmpack targets and --target")
struct TargetsCommandTests {
    let cli = Wasmpack()

    @Test func targetsListsEveryTargetOnOneLineEach() throws {
        let run = try cli.run(["targets"])
        #expect(run.status == 0 && run.stderr.isEmpty)
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.map { String($0.split(separator: " ")[0]) } == ["spinkube", "spin-shim-v2", "aks-wasi-v1", "slight", "wws", "lunatic"])
        #expect(lines[0].hasSuffix("(default)"))
        #expect(lines.filter { $0.hasSuffix("(default)") }.count == 1)
        #expect(lines[5].contains("Entrypoint"))
    }

    @Test func targetsJSONCarriesWhatDeploymentOutputNeeds() throws {
        let run = try cli.run(["targets", "--json"])
        #expect(run.status == 0)
        let targets = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]])
        let byName = Dictionary(uniqueKeysWithValues: targets.map { ($0["name"] as? String ?? "", $0) })
        let lunatic = try #require(byName["lunatic"])
        #expect((lunatic["runtimeClass"] as? [String: Any])?["handler"] as? String == "lunatic")
        #expect((lunatic["pod"] as? [String: Any])?["command"] == nil)
        #expect((lunatic["pod"] as? [String: Any])?["containerPort"] as? Int == 3000)
        let aks = try #require(byName["aks-wasi-v1"])
        #expect((aks["hostInterfaces"] as? [String: Any])?["spinVersion"] as? String == "0.4.0")
        #expect((aks["runtimeClass"] as? [String: Any])?["name"] as? String == "wasmtime-spin-v1")
        #expect(aks["otherFormats"] as? [String] == [])
        #expect(byName["spin-shim-v2"]?["otherFormats"] as? [String] == ["spin"])
    }

    static let contradictions: [(arguments: [String], message: String)] = [
        (["build", "v2-multi", "--target", "spinkube", "--format", "wasm-to-oci"],
         "Error: --format wasm-to-oci contradicts --target spinkube, which needs --format image"),
        (["build", "slight-app", "--target", "slight", "--platform", "wasip1/wasm"],
         "Error: --platform wasip1/wasm contradicts --target slight, which needs wasi/wasm"),
        (["build", "v2-multi", "--entrypoint", "/api/api.wasm"],
         "Error: --entrypoint /api/api.wasm contradicts --target spinkube, which needs no Entrypoint"),
        (["build", "spin-hello", "--target", "aks-wasi-v1", "--format", "spin"],
         "Error: --format spin contradicts --target aks-wasi-v1, which needs --format image (its shim (Spin 0.4)"),
        (["build", "spin-hello", "--archive-layers"],
         "Error: --archive-layers only applies to --format spin"),
        (["build", "v2-multi", "--target", "fermyon-cloud"],
         "Error: unknown --target 'fermyon-cloud'; choose one of: spinkube, spin-shim-v2, aks-wasi-v1, slight, wws, lunatic"),
        (["push", "127.0.0.1:1/app:v1", "v2-multi", "--target", "wws", "--platform", "linux/amd64"],
         "Error: --platform linux/amd64 contradicts --target wws, which needs wasi/wasm"),
    ]

    @Test(arguments: contradictions)
    func aContradictingOptionIsAUsageErrorNamingBoth(arguments: [String], message: String) throws {
        let output = try cli.temporaryDirectory() + "/layout"
        let run = try cli.run(arguments + (arguments[0] == "build" ? ["-o", output] : []))
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stderr.hasPrefix(message), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func buildWithATargetPrintsTheSameDigestAsTheLibrary() throws {
        let output = try cli.temporaryDirectory() + "/layout"
        let run = try cli.run(["build", "lunatic/hello.wasm", "--target", "lunatic", "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "sha256:38b1f9bb90c91c55b39268bc91d47d30611ea5a1b8a57407521b0666f38400d3\n")
    }

    @Test func aSlightFolderWithoutASlightfileNamesWhatIsMissing() throws {
        let run = try cli.run(["build", "lunatic", "--target", "slight", "-o", try cli.temporaryDirectory() + "/o"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("has no slightfile.toml; --target slight needs the folder with slightfile.toml and the module"))
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func pushWithATargetBuildsThatTargetsImage() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let push = try cli.run(["push", "\(registry.host)/ci/slight:v1", "slight-app", "--target", "slight", "--plain-http"])
        #expect(push.status == 0, "\(push.stderr)")
        let digest = "sha256:dc783c006211e21058551e87c8447064cbd0644f11ccd0128bb3a0b87ddbcba1"
        #expect(push.stdout == "\(registry.host)/ci/slight@\(digest)\n")
        let output = try cli.temporaryDirectory()
        let pull = try cli.run(["pull", "\(registry.host)/ci/slight:v1", "-o", output + "/layout", "--extract", output + "/files", "--plain-http"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(FileManager.default.contentsEqual(
            atPath: output + "/files/app.wasm", andPath: CommandLineTests.testdata + "/slight-app/http_server.wasm"))
    }
}
