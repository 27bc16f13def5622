import Foundation
import Testing
import WasmPackBuild
import WasmPackTestSupport

/// A v1 manifest built for aks-wasi-v1 is packed as written (only `spin_version` changes), so
/// what Spin 0.4 cannot load must be refused like the same keys of a converted v2 manifest.
/// Found on spinframework/spin tests/testcases/assets-test (a v1 app whose source is a URL).
@Suite("aks-wasi-v1: v1 manifests with later Spin keys")
struct AKSVersion1InputTests {
    static func build(component extra: String) throws -> Result<BuildResult, BuildError> {
        let app = try TestScratch.folder("aks-v1")
        defer { try? FileManager.default.removeItem(atPath: app) }
        try Data("""
            spin_manifest_version = "1"
            name = "v1-app"
            version = "1.0.0"
            trigger = { type = "http", base = "/" }

            [[component]]
            id = "web"
            \(extra)
            [component.trigger]
            route = "/..."

            """.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        // The smallest valid core module, `(module)`.
        try Data([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]).write(to: URL(fileURLWithPath: app + "/web.wasm"))
        do {
            return .success(try Builder().build(path: app, options: BuildOptions(output: app + "/layout", target: .aksWasiV1), workingDirectory: app))
        } catch {
            #expect(!FileManager.default.fileExists(atPath: app + "/layout"), "a refused manifest must write nothing")
            return .failure(error)
        }
    }

    @Test(arguments: [
        (#"source = { url = "https://example.com/web.wasm", digest = "sha256:5f05b15f0f7cd353d390bc5ebffec7fe25c6a6d7a05b9366c86dcb1a346e9f0f" }"#,
         "component.web.source cannot be written for --target aks-wasi-v1: Spin 0.4 loads only local .wasm files; download or build the file and name its path"),
        ("source = \"web.wasm\"\nkey_value_stores = [\"default\"]", "component.web.key_value_stores cannot be written for --target aks-wasi-v1: Spin 0.4 has no key_value_stores"),
        ("source = \"web.wasm\"\nallowed_outbound_hosts = [\"https://example.com\"]", "component.web.allowed_outbound_hosts cannot be written for --target aks-wasi-v1: Spin 0.4 has no allowed_outbound_hosts"),
    ])
    func keysSpin04CannotLoadAreRefusedNamingComponentAndKey(component: String, message: String) throws {
        guard case .failure(let error) = try Self.build(component: component) else {
            Issue.record("built for aks-wasi-v1")
            return
        }
        #expect(error.description.contains("spin.toml: " + message), "\(error)")
        #expect(!error.description.contains("\n"))
    }

    @Test func aPlainV1AppAndEmptyListsStillBuild() throws {
        let result = try Self.build(component: "source = \"web.wasm\"\nallowed_outbound_hosts = []\nallowed_http_hosts = [\"example.com\"]")
        if case .failure(let error) = result { Issue.record("\(error)") }
    }
}
