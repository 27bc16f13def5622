import Foundation
import Testing
import WasmPackTestSupport

/// Each fault of FaultProxy shows up in what curl receives; everything else passes through intact.
@Suite("FaultProxy", .enabled(if: TestRegistry.isAvailable && Curl.isAvailable))
struct FaultProxyTests {
    /// A plain registry with a proxy in front of it, both stopped together.
    final class Setup {
        let registry: TestRegistry
        let proxy: FaultProxy
        var registryURL: String { registry.baseURL }
        var proxyURL: String { "http://\(proxy.host)" }

        init(_ fault: FaultProxy.Fault) throws {
            registry = try TestRegistry.start(.plain)
            do {
                proxy = try FaultProxy.start(upstream: registry.host, fault: fault)
            } catch {
                registry.stop()
                throw error
            }
        }

        deinit {
            proxy.stop()
            registry.stop()
        }
    }

    @Test func passesRequestsThroughAndKeepsUploadsOnTheProxy() throws {
        let setup = try Setup(.none)
        #expect(try Curl.run(["\(setup.proxyURL)/v2/"]).status == 200)
        let blob = try Curl.pushBlob(SmokeImage.blob, repository: "smoke", to: setup.proxyURL)
        #expect(blob.start.headers["location"]?.hasPrefix("\(setup.proxyURL)/v2/smoke/blobs/uploads/") == true)
        #expect(blob.put.status == 201)
        let manifest = SmokeImage.manifest(blobDigest: blob.digest)
        #expect(try Curl.putManifest(manifest, repository: "smoke", reference: "v1", to: setup.proxyURL).status == 201)
        // A body without Content-Length: the proxy re-frames it chunked for the registry.
        let chunked = try Curl.run(["-X", "PUT", "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: application/vnd.oci.image.manifest.v1+json",
                                    "--data-binary", "@-", "\(setup.proxyURL)/v2/smoke/manifests/v2"], input: manifest)
        #expect(chunked.status == 201)
        let head = try Curl.run(["--head", "\(setup.proxyURL)/v2/smoke/blobs/\(blob.digest)"])
        #expect(head.status == 200 && head.headers["content-length"] == "2")

        let log = setup.proxy.requestLog
        #expect(log.count == 6)
        #expect(log.first == "GET /v2/")
        #expect(log[1] == "POST /v2/smoke/blobs/uploads/")
        #expect(log[2].hasPrefix("PUT /v2/smoke/blobs/uploads/") && log[2].hasSuffix("digest=\(blob.digest)"))
        #expect(log[3...] == ["PUT /v2/smoke/manifests/v1", "PUT /v2/smoke/manifests/v2", "HEAD /v2/smoke/blobs/\(blob.digest)"])
    }

    @Test func corruptsBlobBodiesButKeepsTheirLengthAndHeaders() throws {
        let setup = try Setup(.corruptBlobBodies)
        let data = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let blob = try Curl.pushBlob(data, repository: "smoke", to: setup.registryURL)
        #expect(blob.put.status == 201)

        let direct = try Curl.run(["\(setup.registryURL)/v2/smoke/blobs/\(blob.digest)"])
        let proxied = try Curl.run(["\(setup.proxyURL)/v2/smoke/blobs/\(blob.digest)"])
        #expect(direct.body == data)
        #expect(proxied.status == 200)
        #expect(proxied.body.count == data.count)
        #expect(proxied.body != data)
        #expect(proxied.body.dropFirst() == data.dropFirst())
        #expect(proxied.headers["docker-content-digest"] == blob.digest)
        #expect(proxied.headers["content-length"] == String(data.count))
    }

    @Test func rewritesTheManifestDigestHeaderOnPutAndGet() throws {
        let setup = try Setup(.wrongManifestDigestHeader)
        let blob = try Curl.pushBlob(SmokeImage.blob, repository: "smoke", to: setup.proxyURL)
        #expect(blob.put.headers["docker-content-digest"] == blob.digest)
        let manifest = SmokeImage.manifest(blobDigest: blob.digest)
        let realDigest = try Curl.digest(of: manifest)

        let put = try Curl.putManifest(manifest, repository: "smoke", reference: "v1", to: setup.proxyURL)
        #expect(put.status == 201)
        let get = try Curl.run(["-H", "Accept: application/vnd.oci.image.manifest.v1+json", "\(setup.proxyURL)/v2/smoke/manifests/v1"])
        #expect(get.body == manifest)
        for response in [put, get] {
            let header = try #require(response.headers["docker-content-digest"])
            #expect(header.hasPrefix("sha256:") && header.count == 71)
            #expect(header != realDigest)
        }
    }

    @Test func failsTheFirstRequestsWithRetryAfterThenRecovers() throws {
        let setup = try Setup(.failFirst(count: 2, status: 429, retryAfter: 1))
        for _ in 0..<2 {
            let failed = try Curl.run(["\(setup.proxyURL)/v2/"])
            #expect(failed.status == 429)
            #expect(failed.headers["retry-after"] == "1")
            let errors = try #require(try failed.json()["errors"] as? [[String: Any]])
            #expect(errors.first?["code"] as? String == "TOOMANYREQUESTS")
        }
        #expect(try Curl.run(["\(setup.proxyURL)/v2/"]).status == 200)
        #expect(setup.proxy.requestLog == ["GET /v2/", "GET /v2/", "GET /v2/"])

        let unavailable = try Setup(.failFirst(count: 1, status: 503, retryAfter: nil))
        let failed = try Curl.run(["\(unavailable.proxyURL)/v2/"])
        #expect(failed.status == 503 && failed.headers["retry-after"] == nil)
        #expect(try Curl.run(["\(unavailable.proxyURL)/v2/"]).status == 200)
    }

    @Test func dropsTheFirstBlobUploadMidBodyThenLetsTheRetryThrough() throws {
        let setup = try Setup(.dropConnectionDuringBlobUpload(afterBytes: 1000))
        let data = Data(repeating: 0x61, count: 256 * 1024)
        let dropped = try Curl.pushBlob(data, repository: "smoke", to: setup.proxyURL)
        #expect(dropped.start.status == 202)
        #expect(dropped.put.exitCode != 0 && dropped.put.status == 0, "curl: \(dropped.put.errorOutput)")

        let retried = try Curl.pushBlob(data, repository: "smoke", to: setup.proxyURL)
        #expect(retried.put.status == 201)
        #expect(try Curl.run(["\(setup.registryURL)/v2/smoke/blobs/\(retried.digest)"]).body == data)
    }

    @Test func answersEveryRequestWithAnHTMLPage() throws {
        let setup = try Setup(.htmlErrorPage(status: 502))
        for path in ["/v2/", "/v2/smoke/manifests/v1"] {
            let response = try Curl.run(["\(setup.proxyURL)\(path)"])
            #expect(response.status == 502)
            #expect(response.headers["content-type"] == "text/html")
            #expect(response.text.hasPrefix("<html>"))
        }
        #expect(try Curl.run(["-X", "POST", "\(setup.proxyURL)/v2/smoke/blobs/uploads/"]).status == 502)
        #expect(setup.proxy.requestLog.count == 3)
    }

    @Test func randomFaultsFollowTheSeedAndTheKindsAsked() throws {
        // Rate 1: every request gets a fault, so each kind's effect can be checked one by one.
        let setup = try Setup(.random(seed: 7, rate: 1, kinds: [.status503, .tooManyRequests]))
        var statuses: [Int] = []
        for _ in 0..<6 {
            let response = try Curl.run(["\(setup.proxyURL)/v2/"])
            statuses.append(response.status)
            #expect(response.status != 429 || response.headers["retry-after"] == "1")
        }
        #expect(Set(statuses).isSubset(of: [503, 429]), "\(statuses)")
        #expect(setup.proxy.faultLog.count == 6)
        #expect(setup.proxy.injectedFaults.values.reduce(0, +) == 6)
        // The same seed draws the same faults in the same order.
        let again = try Setup(.random(seed: 7, rate: 1, kinds: [.status503, .tooManyRequests]))
        let replayed = try (0..<6).map { _ in try Curl.run(["\(again.proxyURL)/v2/"]).status }
        #expect(replayed == statuses)
    }

    @Test func randomTruncationCutsGETBodiesWithAndWithoutAMatchingLength() throws {
        let data = Data((0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        let short = try Setup(.random(seed: 1, rate: 1, kinds: [.truncateWithShortLength]))
        let blob = try Curl.pushBlob(data, repository: "smoke", to: short.registryURL)
        let cut = try Curl.run(["\(short.proxyURL)/v2/smoke/blobs/\(blob.digest)"])
        // A well-framed response whose body is a prefix: only the digest can tell.
        #expect(cut.exitCode == 0 && cut.status == 200)
        #expect(cut.body.count < data.count && cut.headers["content-length"] == String(cut.body.count))
        #expect(data.starts(with: cut.body))

        let reset = try Setup(.random(seed: 1, rate: 1, kinds: [.truncate]))
        let pushed = try Curl.pushBlob(data, repository: "smoke", to: reset.registryURL)
        let broken = try Curl.run(["\(reset.proxyURL)/v2/smoke/blobs/\(pushed.digest)"])
        #expect(broken.exitCode != 0, "curl must see the body end early")
        #expect(broken.body.count < data.count)
        // Kinds that cut bodies leave other methods alone: none of the pushes above got a fault.
        #expect(reset.proxy.faultLog == ["truncate GET /v2/smoke/blobs/\(pushed.digest)"])
    }

    @Test func aBodyCutToNothingLeavesNothingForTheNextResponseOnTheConnection() throws {
        // Seed 2 cuts GET /v2/'s 2-byte body to 0 bytes. The proxy once sent the body anyway after
        // "Content-Length: 0", so a client reusing the connection read "{}HTTP/1.1 …" as its next
        // response (libcurl: "Received HTTP/0.9 when not allowed"). A raw socket shows any extra byte.
        let setup = try Setup(.random(seed: 2, rate: 1, kinds: [.truncateWithShortLength]))
        let port = setup.proxy.host.split(separator: ":").last.map(String.init) ?? ""
        let script = """
            import socket, sys
            s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
            s.sendall(b"GET /v2/ HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n")
            data = b""
            while b"\\r\\n\\r\\n" not in data:
                data += s.recv(65536)
            s.settimeout(1)
            try:
                data += s.recv(65536)
            except socket.timeout:
                pass
            sys.stdout.write(repr(data.split(b"\\r\\n\\r\\n", 1)))
            """
        let result = try ExternalCommand.run("/usr/bin/python3", ["-c", script, port])
        #expect(result.status == 0, "\(result.errorOutput)")
        #expect(result.text.contains("Content-Length: 0"), "\(result.text)")
        #expect(result.text.hasSuffix(", b'']"), "bytes after a zero-length response: \(result.text)")
    }
}
