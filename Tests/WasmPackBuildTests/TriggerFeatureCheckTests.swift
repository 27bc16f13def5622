import Foundation
import Testing
import WasmPackBuild
import WasmPackTestSupport

/// `[[trigger.http]]` keys a target's Spin does not know. Its HTTP trigger config refuses unknown
/// fields, so such an app does not start at all; found by building spinframework/spin's
/// tests/testcases/static-response and examples/http-middleware, which wasmpack built for every
/// Spin target before.
@Suite("Runtime checks: trigger keys")
struct TriggerFeatureCheckTests {
    /// A v2 app whose second HTTP trigger carries `extra` (a TOML key/value line).
    static func app(trigger extra: String) throws -> String {
        let app = try TestScratch.folder("trigger-keys")
        try Data("""
            spin_manifest_version = 2

            [application]
            name = "trigger-keys"
            version = "0.1.0"

            [[trigger.http]]
            route = "/api/..."
            component = "api"

            [[trigger.http]]
            route = "/..."
            \(extra)

            [component.api]
            source = "api.wasm"

            [component.yell]
            source = "api.wasm"

            """.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        // The smallest valid core module, `(module)`.
        try Data([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]).write(to: URL(fileURLWithPath: app + "/api.wasm"))
        return app
    }

    static func build(trigger extra: String, target: RuntimeTarget, skipChecks: Bool = false) throws -> Result<BuildResult, BuildError> {
        let app = try app(trigger: extra)
        defer { try? FileManager.default.removeItem(atPath: app) }
        let options = BuildOptions(output: app + "/layout", target: target, skipChecks: skipChecks)
        let result: Result<BuildResult, BuildError>
        do {
            result = .success(try Builder().build(path: app, options: options, workingDirectory: "/"))
        } catch {
            result = .failure(error)
        }
        if case .failure = result {
            #expect(!FileManager.default.fileExists(atPath: app + "/layout"), "a failed check must write nothing")
        }
        return result
    }

    static let staticResponse = #"static_response = { status_code = 404, body = "not found" }"#
    static let middleware = #"component = "api"\#ndependencies.middleware = [{ component = "yell" }]"#

    @Test func staticResponseFailsBeforeSpin35NamingTheTriggerAndKey() throws {
        let result = try Self.build(trigger: Self.staticResponse, target: .spinShimV2)
        guard case .failure(let error) = result else { Issue.record("built for spin-shim-v2"); return }
        #expect(error.description == "spin.toml: trigger.http[1].static_response needs Spin 3.5.0 or later, but --target spin-shim-v2 (Spin 2.0.1) does not know it; choose --target spinkube, or drop the key, or pass --skip-checks")
    }

    @Test func staticResponseBuildsForSpinKubeWhoseSpinReadsIt() throws {
        let result = try Self.build(trigger: Self.staticResponse, target: .spinKube)
        if case .failure(let error) = result { Issue.record("\(error)") }
    }

    @Test(arguments: [RuntimeTarget.spinKube, .spinShimV2])
    func httpMiddlewareFailsOnEveryReleasedSpinTarget(target: RuntimeTarget) throws {
        let result = try Self.build(trigger: Self.middleware, target: target)
        guard case .failure(let error) = result else { Issue.record("built for \(target.name)"); return }
        #expect(error.description.hasPrefix("spin.toml: trigger.http[1].dependencies needs Spin 4.1.0 or later, but --target \(target.name) (Spin "), "\(error)")
        // No target runs a Spin that has it, so none is suggested.
        #expect(error.description.hasSuffix("does not know it; drop the key, or pass --skip-checks"), "\(error)")
    }

    @Test func skipChecksBuildsItAnyway() throws {
        let result = try Self.build(trigger: Self.middleware, target: .spinKube, skipChecks: true)
        if case .failure(let error) = result { Issue.record("\(error)") }
    }
}
