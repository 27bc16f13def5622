import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

@Suite("ACR token renewal", .enabled(if: TestRegistry.isAvailable))
struct AzureTokenRenewalTests {
    @Test func anAccessTokenThatExpiresMidPushIsRenewedFromTheRefreshToken() throws {
        var options = TestACR.Options()
        options.accessTokenLifetime = 2
        let acr = try TestACR.start(options)
        defer { acr.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        var clientOptions = RegistryClientOptions()
        clientOptions.retryBaseDelay = 0.05
        let client = RegistryClient(
            registry: RegistryHost(host: acr.host, plainHTTP: false),
            credentials: .azure(.accessToken(try acr.aadAccessToken())), options: clientOptions)
        var push = PushOptions()
        push.concurrency = 1
        let reference = try TransferFixture.reference(acr.host, "renew/app")
        // The first blob goes up, then the push stalls past the access token's life.
        let pushed = try Pusher(client: client, options: push).push(layout: layout, tag: nil, to: reference) { event in
            if case .blobUploaded = event { Thread.sleep(forTimeInterval: 2.5) }
        }
        #expect(pushed.digest == digest)
        #expect(acr.requestCounts["exchange"] == 1)
        #expect((acr.requestCounts["token"] ?? 0) >= 2)
    }
}
