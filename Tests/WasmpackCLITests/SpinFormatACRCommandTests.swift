import Foundation
import Testing
import WasmPackTestSupport

/// `--format spin` through the ACR emulator with token auth (AAD client secret -> ACR refresh
/// token -> access token): pushed, pulled back with --extract, and still loadable by Spin.
@Suite("wasmpack --format spin through ACR", .enabled(if: TestRegistry.isAvailable))
struct SpinFormatACRCommandTests {
    let cli = Wasmpack()

    @Test(arguments: [[], ["--archive-layers"]])
    func theACREmulatorWithTokenAuthRoundTripsASpinApp(flags: [String]) throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let home = try CredentialSourceTests.Home(cli)
        let environment = home.environment.merging(acr.servicePrincipalEnvironment) { $1 }
        let push = try cli.run(
            ["push", "\(acr.host)/spin/hello:v1", "spin-hello", "--format", "spin", "--acr"] + flags,
            environment: environment)
        #expect(push.status == 0, "\(push.stderr)")
        let pull = try cli.run(
            ["pull", "\(acr.host)/spin/hello:v1", "-o", home.root + "/pulled", "--extract", home.root + "/app", "--acr"],
            environment: environment)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout == push.stdout)
        #expect(pull.stderr.contains("Format: spin"), "\(pull.stderr)")
        // Spin would load what came back (formats.md §2.5), and the extracted app has our bytes.
        #expect(try SpinConsumerChecker.problems(layout: home.root + "/pulled", tag: "v1") == [])
        let source = CommandLineTests.testdata + "/spin-hello"
        #expect(FileManager.default.contentsEqual(atPath: home.root + "/app/hello.wasm", andPath: source + "/hello.wasm"))
        for file in ["a.txt", "b.txt"] {
            #expect(FileManager.default.contentsEqual(
                atPath: home.root + "/app/hello/files/static/" + file, andPath: source + "/static/" + file))
        }
        #expect(FileManager.default.fileExists(atPath: home.root + "/app/spin.toml"))
        #expect(!acr.storageSawAuthorization)
        #expect(!(push.stdout + push.stderr + pull.stdout + pull.stderr).contains(acr.clientSecret))
    }
}
