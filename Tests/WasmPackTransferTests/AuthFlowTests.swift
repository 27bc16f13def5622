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
        #expect(try Pusher(client: client).push(layout: layout, tag: nil, to: try TransferFixture.reference(registry.host, "refresh/app")).digest == digest)
        #expect(registry.tokenRequests - before == 1)
    }

    @Test func extractingAWasmArtifactWritesTheModuleUnderItsTitle() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.wasmToOCI)
        let client = TransferFixture.client(for: registry)
        let reference = try TransferFixture.reference(registry.host, "artifact/hello")
        _ = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        let work = try TestScratch.folder("transfer")
        let result = try Puller(client: client).pull(reference, into: work + "/layout", extractTo: work + "/files")
        #expect(result.extractedFiles == ["hello.wasm"])
        #expect(FileManager.default.contentsEqual(atPath: work + "/files/hello.wasm", andPath: TransferFixture.testdata + "/bare/hello.wasm"))
    }

    /// Pushes the v2-multi image in 512-byte chunks through a proxy with `fault`, checks the digest
    /// and that a pull gives the same bytes; returns the proxy's request log.
    func pushInChunks(through fault: FaultProxy.Fault, repository: String) throws -> [String] {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: fault)
        defer { proxy.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        var options = PushOptions()
        options.chunkedUploadThreshold = 100
        options.chunkSize = 512
        options.concurrency = 1
        let reference = try TransferFixture.reference(proxy.host, repository)
        #expect(try Pusher(client: TransferFixture.client(for: registry, host: proxy.host), options: options)
            .push(layout: layout, tag: nil, to: reference).digest == digest)
        let output = try TestScratch.folder("transfer") + "/p"
        _ = try Puller(client: TransferFixture.client(for: registry)).pull(try TransferFixture.reference(registry.host, repository), into: output)
        #expect(try TransferFixture.blobs(of: OCILayout(root: output)) == TransferFixture.blobs(of: layout))
        return proxy.requestLog
    }

    @Test func aChunkedUploadResumesFromTheRegistrysRangeAfterADrop() throws {
        let log = try pushInChunks(through: .dropFreshConnectionDuringBlobUpload(afterBytes: 100), repository: "resume-range/app")
        // The status request that learned how much the registry kept before the drop.
        #expect(log.contains { $0.hasPrefix("GET /v2/resume-range/app/blobs/uploads/") }, "\(log)")
    }

    @Test func aChunkedUploadSurvivesAConnectionDroppedMidChunk() throws {
        // The layer's first PATCH is cut after 300 bytes on a kept-alive connection.
        let log = try pushInChunks(through: .dropConnectionDuringBlobUpload(afterBytes: 300), repository: "resume/app")
        // Three chunks (config 149 B, layer 512 + 441 B) and one PATCH cut by the proxy, sent again.
        #expect(log.filter { $0.hasPrefix("PATCH ") }.count >= 4, "\(log)")
    }
}
