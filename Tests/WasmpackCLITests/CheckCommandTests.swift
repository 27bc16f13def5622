import Foundation
import Testing
import WasmPackTestSupport

/// Runtime checks and `inspect` of wasm as users see them: exit codes, one line, stdout for results.
@Suite("wasmpack checks and inspect of wasm")
struct CheckCommandTests {
    let cli = Wasmpack()

    @Test func aFailedCheckExitsOneWithOneLineAndWritesNothing() throws {
        let output = try cli.temporaryDirectory() + "/layout"
        let run = try cli.run(["build", "checks/outbound-http", "--target", "aks-wasi-v1", "-o", output])
        #expect(run.status == 1)
        #expect(run.stderr == "Error: 'bin/hello.wasm' (component 'hello') imports wasi-outbound-http::request, which --target aks-wasi-v1 (Spin 0.4.0) does not provide; choose --target spinkube or spin-shim-v2, or drop the import (an older SDK may not need it), or pass --skip-checks\n")
        #expect(run.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func skipChecksWarnsOnStderrAndStillPrintsTheDigest() throws {
        let output = try cli.temporaryDirectory() + "/layout"
        let run = try cli.run(["build", "checks/spin4-http", "--target", "spin-shim-v2", "--skip-checks", "-o", output])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("sha256:") && run.stdout.split(separator: "\n").count == 1)
        #expect(run.stderr.contains("imports wasi:io/poll@0.2.9, which --target spin-shim-v2 (Spin 2.0.1) does not provide"))
    }

    /// The registry is asked only whether it answers and takes the credentials (issue 10: before
    /// the build); the checks then fail the build, and nothing is uploaded.
    @Test(.enabled(if: TestRegistry.isAvailable))
    func pushChecksBeforeUploadingAnything() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let run = try cli.run(["push", "\(registry.host)/app:v1", "checks/not-wasm", "--plain-http"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("Error: 'index.js' (component 'web') is not a wasm binary"), "\(run.stderr)")
        #expect(registry.requests.allSatisfy { $0.method == "GET" || $0.method == "HEAD" }, "\(registry.requests)")
    }

    @Test func inspectOfAWasmFileShowsKindImportsByInterfaceAndTargets() throws {
        let run = try cli.run(["inspect", "wasm/spin0-outbound-http.wasm"])
        #expect(run.status == 0 && run.stderr.isEmpty)
        #expect(run.stdout == """
              wasm/spin0-outbound-http.wasm: module (WASI preview1)
                Imports:
                  wasi_snapshot_preview1: fd_write
                  wasi-outbound-http: request
                  spin-config: get-config
                  outbound-redis: publish, get
                Exports: memory, handle-http-request, canonical_abi_realloc, canonical_abi_free
                Runs on: spinkube, spin-shim-v2, slight, lunatic
                Not on aks-wasi-v1: imports wasi-outbound-http::request, which the runtime does not provide
                Not on wws: imports wasi-outbound-http::request, which the runtime does not provide

            """)
    }

    @Test func inspectOfABuiltImageListsItsWasmInJSON() throws {
        let output = try cli.temporaryDirectory() + "/layout"
        #expect(try cli.run(["build", "checks/spin3-http", "-o", output]).status == 0)
        let run = try cli.run(["inspect", output, "--format", "json"])
        #expect(run.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["digest"] is String)
        let wasm = try #require(object["wasm"] as? [[String: Any]])
        #expect(wasm.count == 1)
        #expect(wasm[0]["path"] as? String == "/app.component.wasm")
        #expect(wasm[0]["kind"] as? String == "component")
        #expect(wasm[0]["targets"] as? [String] == ["spinkube"])
        #expect((wasm[0]["imports"] as? [[String: Any]])?.count == 7)
        #expect(wasm[0]["exports"] as? [String] == ["wasi:http/incoming-handler@0.2.0"])
    }
}
