import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack push --build`: the build commands run, then what they made is built and pushed.
@Suite("wasmpack push --build", .enabled(if: TestRegistry.isAvailable))
struct PushBuildCommandTests {
    let cli = Wasmpack()

    @Test func pushBuildRunsTheBuildCommandsThenPushesTheirOutput() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let parent = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let app = parent + "/app"
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/build-v2", toPath: app)

        let push = try cli.run(
            ["push", "\(registry.host)/ci/built:v1", "--build", "--username", registry.username!, "--password-stdin"],
            in: app, input: registry.password! + "\n")
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout.hasPrefix("\(registry.host)/ci/built@sha256:"), "\(push.stdout)")
        #expect(!push.stdout.contains("api build"))
        #expect(push.stderr.contains("api build: stdout line"), "\(push.stderr)")

        let pull = try cli.run(
            ["pull", "\(registry.host)/ci/built:v1", "-o", parent + "/layout", "--extract", parent + "/files"],
            environment: ["WASMPACK_USERNAME": registry.username!, "WASMPACK_PASSWORD": registry.password!])
        #expect(pull.status == 0, "\(pull.stderr)")
        for file in ["api/target/api.wasm", "web/web.wasm", "static.wasm"] {
            #expect(FileManager.default.contentsEqual(atPath: parent + "/files/" + file, andPath: app + "/" + file), "\(file)")
        }
    }
}
