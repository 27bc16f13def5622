import Foundation
import Testing

/// The checks and `inspect` on a real Spin HTTP component (componentize-py 0.25.1 + spin-sdk 5.0.0,
/// testdata/checks/spin-python-http), not a stand-in: what a Python user's `spin build` gives.
/// It is committed gzipped (8.5 MB instead of 24.8 MB) because real builds are not reproducible;
/// each test unpacks it into its own temporary app folder, removed afterwards.
@Suite("wasmpack on a real Spin Python component")
struct RealSpinComponentTests {
    let cli = Wasmpack()
    static let gzipped = CommandLineTests.testdata + "/checks/spin-python-http/app.component.wasm.gz"

    /// A folder with the gunzipped component and a spin.toml naming it, as `spin new` would write.
    /// The caller removes it.
    func temporaryApp() throws -> String {
        let app = try cli.temporaryDirectory()
        try Data("""
            spin_manifest_version = 2

            [application]
            name = "spin-python-http"
            version = "0.1.0"

            [[trigger.http]]
            route = "/..."
            component = "hello"

            [component.hello]
            source = "app.component.wasm"

            """.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        // gzip streams it to disk: the test never holds the 24.8 MB in memory.
        let output = app + "/app.component.wasm"
        #expect(FileManager.default.createFile(atPath: output, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        defer { try? handle.close() }
        let gzip = Process()
        gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
        gzip.arguments = ["-dc", Self.gzipped]
        gzip.standardOutput = handle
        try gzip.run()
        gzip.waitUntilExit()
        try #require(gzip.terminationStatus == 0, "gzip -dc \(Self.gzipped) failed")
        return app
    }

    /// Spin 3.6.3 (spinkube) would not start it: it links WASI 0.3 only at 0.3.0-rc-2026-01-06 and
    /// calls only `wasi:http/handler@0.3.0-rc-2026-01-06` (tag v3.6.3, crates/http/src/trigger.rs);
    /// this imports the March 2026 candidate and 0.3.0 and exports `wasi:http/handler@0.3.0`.
    @Test(arguments: [
        ("spinkube", "Error: 'app.component.wasm' (component 'hello') imports wasi:clocks/types@0.3.0-rc-2026-03-15, which --target spinkube (Spin 3.6.3) does not provide; "),
        ("spin-shim-v2", "Error: 'app.component.wasm' (component 'hello') imports wasi:io/poll@0.2.9, which --target spin-shim-v2 (Spin 2.0.1) does not provide; "),
        ("aks-wasi-v1", "Error: 'app.component.wasm' (component 'hello') is a component, but --target aks-wasi-v1 (Spin 0.4.0) runs only core modules; "),
    ])
    func everySpinTargetRefusesItWithOneLineAndWritesNothing(target: String, message: String) throws {
        let app = try temporaryApp()
        defer { try? FileManager.default.removeItem(atPath: app) }
        let run = try cli.run(["build", app, "--target", target, "-o", app + "/layout"])
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix(message), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("or pass --skip-checks\n") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: app + "/layout"))
    }

    @Test func inspectShowsAComponentAndItsSpinAndWASIImports() throws {
        let app = try temporaryApp()
        defer { try? FileManager.default.removeItem(atPath: app) }
        let run = try cli.run(["inspect", "app.component.wasm"], in: app)
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.first == "app.component.wasm: component (WASI preview2, preview3)")
        // Imports that every spin-sdk 5 HTTP component has, whatever the Python code does.
        for line in [
            "wasi:http/outgoing-handler@0.2.9: handle",
            "wasi:cli/environment@0.2.9: get-environment, get-arguments, initial-cwd",
            "spin:variables/variables@3.0.0: get",
            "fermyon:spin/variables@2.0.0: get",
            "Exports: exports, wasi:http/handler@0.3.0",
            "Runs on: (no target)",
            "Not on spinkube: imports wasi:clocks/types@0.3.0-rc-2026-03-15, which the runtime does not provide",
            "Not on aks-wasi-v1: is a component, but the runtime runs only core modules",
        ] {
            #expect(lines.contains(line), "missing '\(line)' in:\n\(run.stdout)")
        }
    }
}
