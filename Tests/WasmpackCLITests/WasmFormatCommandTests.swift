import Foundation
import Testing
import WasmPackTestSupport

/// `--format wasm` from the command line: build and inspect name it, and it round-trips through
/// the ACR emulator with token auth, extracted as its module.
@Suite("wasmpack --format wasm")
struct WasmFormatCommandTests {
    let cli = Wasmpack()

    @Test func buildPrintsTheVectorDigestAndInspectNamesTheFormat() throws {
        let output = try cli.temporaryDirectory() + "/layout"
        let build = try cli.run(["build", "bare/hello.wasm", "--format", "wasm", "-o", output])
        #expect(build.status == 0, "\(build.stderr)")
        #expect(build.stdout.contains("sha256:5fe5e1c9ee8075236f83a02f77dff1e7d926bf8998e5456d55a5eafa38d8ec5d"), "\(build.stdout)")
        let inspect = try cli.run(["inspect", output])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("Format:      wasm\n"), "\(inspect.stdout)")
        #expect(inspect.stdout.contains("Platform:    wasip1/wasm"), "\(inspect.stdout)")
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func theACREmulatorWithTokenAuthRoundTripsTheArtifactAndExtractsTheModule() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let home = try CredentialSourceTests.Home(cli)
        let environment = home.environment.merging(acr.servicePrincipalEnvironment) { $1 }
        let push = try cli.run(
            ["push", "\(acr.host)/wasm/component:v1", "wasm/http-handler.component.wasm", "--format", "wasm", "--acr"],
            environment: environment)
        #expect(push.status == 0, "\(push.stderr)")
        let pull = try cli.run(
            ["pull", "\(acr.host)/wasm/component:v1", "-o", home.root + "/pulled", "--extract", home.root + "/app", "--acr"],
            environment: environment)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout == push.stdout)
        #expect(pull.stderr.contains("Format: wasm"), "\(pull.stderr)")
        #expect(FileManager.default.contentsEqual(
            atPath: home.root + "/app/http-handler.component.wasm",
            andPath: CommandLineTests.testdata + "/wasm/http-handler.component.wasm"))
        #expect(!acr.storageSawAuthorization)
        #expect(!(push.stderr + pull.stderr).contains(acr.clientSecret))
    }
}
