import Foundation
import Testing
import WasmPackBuild
import WasmPackTestSupport

/// A v2 manifest key that no Spin reads: Spin's manifest tables refuse unknown fields, so the app
/// never starts. spinframework/spin-js-sdk examples/spin-host-apis/spin-llm writes
/// `allowed_models` (Spin's key is `ai_models`) and wasmpack built it for every target.
@Suite("Runtime checks: unknown manifest keys")
struct UnknownManifestKeyTests {
    static func build(_ manifest: String, target: RuntimeTarget = .spinKube, skipChecks: Bool = false) throws -> Result<BuildResult, BuildError> {
        let app = try TestScratch.folder("unknown-key")
        defer { try? FileManager.default.removeItem(atPath: app) }
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        // The smallest valid core module, `(module)`.
        try Data([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]).write(to: URL(fileURLWithPath: app + "/llm.wasm"))
        do {
            return .success(try Builder().build(path: app, options: BuildOptions(output: app + "/layout", target: target, skipChecks: skipChecks), workingDirectory: app))
        } catch {
            #expect(!FileManager.default.fileExists(atPath: app + "/layout"), "a failed check must write nothing")
            return .failure(error)
        }
    }

    static func manifest(application: String = "", component: String) -> String {
        """
        spin_manifest_version = 2

        [application]
        name = "spin-llm"
        version = "1.0.0"
        \(application)

        [[trigger.http]]
        route = "/..."
        component = "spin-llm"

        [component.spin-llm]
        source = "llm.wasm"
        \(component)

        """
    }

    @Test(arguments: [RuntimeTarget.spinKube, .spinShimV2])
    func aComponentKeyNoSpinReadsFailsNamingComponentKeyAndTarget(target: RuntimeTarget) throws {
        guard case .failure(let error) = try Self.build(Self.manifest(component: #"allowed_models = ["llama2-chat"]"#), target: target) else {
            Issue.record("built for \(target.name)")
            return
        }
        #expect(error.description == "spin.toml: [component.spin-llm] allowed_models is not a key any Spin reads, and --target \(target.name) (Spin \(target.hostInterfaces.spinVersion ?? "")) refuses a manifest with an unknown key (\"unknown field\"); fix its name or drop it, or pass --skip-checks")
    }

    @Test func applicationAndTopLevelKeysAreCheckedToo() throws {
        guard case .failure(let error) = try Self.build(Self.manifest(application: #"author = "me""#, component: "")) else {
            Issue.record("built")
            return
        }
        #expect(error.description.hasPrefix("spin.toml: [application] author is not a key any Spin reads"), "\(error)")
    }

    @Test func everyKeySpinReadsPassesAndSkipChecksBuildsATypo() throws {
        let known = Self.manifest(
            application: #"description = "d""# + "\nauthors = [\"a\"]\n[application.tool.x]\ny = 1",
            component: #"ai_models = ["llama2-chat"]"# + "\nallowed_outbound_hosts = []\nkey_value_stores = [\"default\"]\nenvironment = { A = \"b\" }\n[component.spin-llm.tool.x]\ny = 1")
        if case .failure(let error) = try Self.build(known) { Issue.record("\(error)") }
        if case .failure(let error) = try Self.build(Self.manifest(component: "allowed_models = []"), skipChecks: true) { Issue.record("\(error)") }
    }
}
