import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// The less common ways in: a refresh token (Docker's identitytoken), artifacts, resumed chunks.
@Suite("Refresh tokens, artifact extraction and resumed uploads", .enabled(if: TestRegistry.isAvailable))
struct AuthFlowTests {
    @Test func aRefreshTokenIsExchangedWithTheOAuth2Form() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        // Get a refresh token the way `docker login` does: grant_type=password, access_type=offline.
        let form = "grant_type=password&username=\(registry.username!)&password=\(registry.password!)&service=\(TestRegistry.tokenServiceName)&client_id=tests&access_type=offline"
        let answer = try ExternalCommand.run("/usr/bin/curl", ["-sS", "-f", "-X", "POST", "--data", form, registry.tokenRealm!])
        #expect(answer.status == 0, "\(answer.errorOutput)")
        let json = try JSONSerialization.jsonObject(with: answer.output) as? [String: Any]
        let refresh = try #require(json?["refresh_token"] as? String)

        let before = registry.tokenRequests
        let (layout, digest) = try TransferFixture.layout(.image)
        let client = TransferFixture.client(for: registry, credentials: .identityToken(username: nil, token: refresh))
        #expect(try Pusher(client: client).push(layout: layout, tag: nil, to: try TransferFixture.reference(registry.host, "refresh/app")) == digest)
        #expect(registry.tokenRequests - before == 1)
    }

    @Test func extractingAWasmArtifactWritesTheModuleUnderItsTitle() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.wasmToOCI)
        let client = TransferFixture.client(for: registry)
        let reference = try TransferFixture.reference(registry.host, "artifact/hello")
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        let work = try TransferFixture.temporaryDirectory()
        let result = try Puller(client: client).pull(reference, into: work + "/layout", extractTo: work + "/files")
        #expect(result.extractedFiles == ["hello.wasm"])
        #expect(FileManager.default.contentsEqual(atPath: work + "/files/hello.wasm", andPath: TransferFixture.testdata + "/bare/hello.wasm"))
    }

    @Test func aChunkedUploadResumesFromTheRegistrysRangeAfterADrop() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .dropFreshConnectionDuringBlobUpload(afterBytes: 100))
        defer { proxy.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        var options = PushOptions()
        options.chunkedUploadThreshold = 100
        options.chunkSize = 512
        options.concurrency = 1
        let reference = try TransferFixture.reference(proxy.host, "resume-range/app")
        #expect(try Pusher(client: TransferFixture.client(for: registry, host: proxy.host), options: options)
            .push(layout: layout, tag: nil, to: reference) == digest)
        // The status request that learned how much the registry kept before the drop.
        #expect(proxy.requestLog.contains { $0.hasPrefix("GET /v2/resume-range/app/blobs/uploads/") }, "\(proxy.requestLog)")
        let output = try TransferFixture.temporaryDirectory() + "/p"
        _ = try Puller(client: TransferFixture.client(for: registry)).pull(try TransferFixture.reference(registry.host, "resume-range/app"), into: output)
        #expect(try TransferFixture.blobs(of: OCILayout(root: output)) == TransferFixture.blobs(of: layout))
    }

    @Test func aChunkedUploadSurvivesAConnectionDroppedMidChunk() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .dropConnectionDuringBlobUpload(afterBytes: 300))
        defer { proxy.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        var options = PushOptions()
        // 512-byte chunks: the layer's first PATCH is cut after 300 bytes.
        options.chunkedUploadThreshold = 100
        options.chunkSize = 512
        options.concurrency = 1
        let reference = try TransferFixture.reference(proxy.host, "resume/app")
        #expect(try Pusher(client: TransferFixture.client(for: registry, host: proxy.host), options: options)
            .push(layout: layout, tag: nil, to: reference) == digest)
        // Three chunks (config 149 B, layer 512 + 441 B) and one PATCH cut by the proxy, sent again.
        #expect(proxy.requestLog.filter { $0.hasPrefix("PATCH ") }.count >= 4, "\(proxy.requestLog)")
        let output = try TransferFixture.temporaryDirectory() + "/p"
        _ = try Puller(client: TransferFixture.client(for: registry)).pull(try TransferFixture.reference(registry.host, "resume/app"), into: output)
        #expect(try TransferFixture.blobs(of: OCILayout(root: output)) == TransferFixture.blobs(of: layout))
    }
}
