import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack push` run again on an unchanged app, as a CI job re-run does.
@Suite("wasmpack re-push", .enabled(if: TestRegistry.isAvailable))
struct RePushCommandTests {
    let cli = Wasmpack()

    /// The access check before the build (ping, HEAD) and the push's own HEAD are the whole
    /// conversation: no blob is looked at, nothing is written, the tag is left alone.
    @Test(arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func aNoOpRePushFromTheAppFolderMakesAtMostThreeRequests(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let arguments = ["push", "\(registry.host)/again/app:v1", "v2-multi", "-u", registry.username!, "--password-stdin"]
        let first = try cli.run(arguments, input: registry.password!, isolatedHome: true)
        #expect(first.status == 0, "\(first.stderr)")

        let before = registry.requests.count
        let again = try cli.run(arguments, input: registry.password!, isolatedHome: true)
        let requests = Array(registry.requests.dropFirst(before))
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == first.stdout)
        #expect(requests.count <= 3, "\(requests)")
        #expect(requests.allSatisfy { $0.method == "GET" && $0.uri == "/v2/" || $0.method == "HEAD" && $0.uri == "/v2/again/app/manifests/v1" }, "\(requests)")
        #expect(again.stderr.contains("Exists   sha256:6d34fe5f2791 as v1"), "\(again.stderr)")
    }
}
