import Foundation
import Testing
import WasmPackTestSupport

/// Each set-up of TestRegistry behaves, seen from curl, the way the registry client's tests expect.
@Suite("TestRegistry", .enabled(if: TestRegistry.isAvailable && Curl.isAvailable))
struct TestRegistryTests {
    @Test func plainRegistryAnswersWithoutCredentials() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        #expect(registry.host.hasPrefix("127.0.0.1:"))
        #expect(registry.username == nil && registry.password == nil && registry.caFile == nil)
        let response = try Curl.run(["\(registry.baseURL)/v2/"])
        #expect(response.status == 200)
        #expect(response.headers["docker-distribution-api-version"] == "registry/2.0")
    }

    @Test func basicAuthRegistryAnswersOnlyTheTestUser() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let user = try #require(registry.username), password = try #require(registry.password)

        let anonymous = try Curl.run(["\(registry.baseURL)/v2/"])
        #expect(anonymous.status == 401)
        #expect(anonymous.headers["www-authenticate"]?.hasPrefix("Basic realm=") == true)
        #expect(try Curl.run(["-u", "\(user):\(password)", "\(registry.baseURL)/v2/"]).status == 200)
        #expect(try Curl.run(["-u", "\(user):wrong", "\(registry.baseURL)/v2/"]).status == 401)
    }

    @Test func tokenAuthRegistryTakesTheTokensItsRealmGrants() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let user = try #require(registry.username), password = try #require(registry.password)
        let realm = try #require(registry.tokenRealm)

        let challenge = try Curl.run(["\(registry.baseURL)/v2/"])
        #expect(challenge.status == 401)
        #expect(challenge.headers["www-authenticate"] == #"Bearer realm="\#(realm)",service="\#(TestRegistry.tokenServiceName)""#)

        let scope = "service=\(TestRegistry.tokenServiceName)&scope=repository:smoke:pull,push"
        let granted = try Curl.run(["-u", "\(user):\(password)", "\(realm)?\(scope)"])
        #expect(granted.status == 200)
        let body = try granted.json()
        // Like ACR: access_token only, no `token`.
        #expect(Set(body.keys) == ["access_token", "expires_in"])
        #expect(body["expires_in"] as? Int == 300)
        let token = try #require(body["access_token"] as? String)
        #expect(try Curl.run(["-H", "Authorization: Bearer \(token)", "\(registry.baseURL)/v2/"]).status == 200)
        #expect(try Curl.run(["-H", "Authorization: Bearer \(token)", "\(registry.baseURL)/v2/smoke/tags/list"]).status == 404)

        #expect(try Curl.run(["-u", "\(user):wrong", "\(realm)?\(scope)"]).status == 401)
        let anonymous = try Curl.run(["\(realm)?\(scope)"])
        #expect(anonymous.status == 200)
        let anonymousToken = try #require(try anonymous.json()["access_token"] as? String)
        let refused = try Curl.run(["-H", "Authorization: Bearer \(anonymousToken)", "\(registry.baseURL)/v2/smoke/tags/list"])
        #expect(refused.status == 401)
        #expect(refused.headers["www-authenticate"]?.contains(#"error="insufficient_scope""#) == true)
        #expect(registry.tokenRequests == 3)
    }

    @Test func tokenServiceAnswersTheOAuth2FormAndRefreshesOfflineTokens() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let user = try #require(registry.username), password = try #require(registry.password)
        let realm = try #require(registry.tokenRealm)
        let form = ["--data-urlencode", "service=\(TestRegistry.tokenServiceName)", "--data-urlencode", "client_id=wasmpack-tests",
                    "--data-urlencode", "scope=repository:smoke:pull repository:smoke:push"]

        let login = try Curl.run(form + [
            "--data-urlencode", "grant_type=password", "--data-urlencode", "username=\(user)",
            "--data-urlencode", "password=\(password)", "--data-urlencode", "access_type=offline", realm,
        ])
        #expect(login.status == 200)
        let loginBody = try login.json()
        #expect(Set(loginBody.keys) == ["access_token", "expires_in", "refresh_token"])
        let refreshToken = try #require(loginBody["refresh_token"] as? String)

        let refreshed = try Curl.run(form + ["--data-urlencode", "grant_type=refresh_token", "--data-urlencode", "refresh_token=\(refreshToken)", realm])
        #expect(refreshed.status == 200)
        let token = try #require(try refreshed.json()["access_token"] as? String)
        let push = try Curl.pushBlob(SmokeImage.blob, repository: "smoke", to: registry.baseURL, auth: ["-H", "Authorization: Bearer \(token)"])
        #expect(push.put.status == 201)

        let wrong = try Curl.run(form + [
            "--data-urlencode", "grant_type=password", "--data-urlencode", "username=\(user)", "--data-urlencode", "password=wrong", realm,
        ])
        #expect(wrong.status == 401)
        #expect(try Curl.run(form + ["--data-urlencode", "grant_type=refresh_token", "--data-urlencode", "refresh_token=unknown", realm]).status == 401)
        #expect(registry.tokenRequests == 4)
    }

    @Test func tokenAuthRegistryTakesABlobAndAManifestPushedWithCurl() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let realm = try #require(registry.tokenRealm)
        let credentials = "\(try #require(registry.username)):\(try #require(registry.password))"
        let grant = try Curl.run(["-u", credentials, "\(realm)?service=\(TestRegistry.tokenServiceName)&scope=repository:smoke:pull,push"])
        let auth = ["-H", "Authorization: Bearer \(try #require(try grant.json()["access_token"] as? String))"]

        let blob = try Curl.pushBlob(SmokeImage.blob, repository: "smoke", to: registry.baseURL, auth: auth)
        #expect(blob.start.status == 202)
        #expect(blob.put.status == 201, "\(blob.put.text)")
        let manifest = SmokeImage.manifest(blobDigest: blob.digest)
        let put = try Curl.putManifest(manifest, repository: "smoke", reference: "v1", to: registry.baseURL, auth: auth)
        #expect(put.status == 201, "\(put.text)")
        #expect(put.headers["docker-content-digest"] == (try Curl.digest(of: manifest)))

        let get = try Curl.run(auth + ["-H", "Accept: application/vnd.oci.image.manifest.v1+json", "\(registry.baseURL)/v2/smoke/manifests/v1"])
        #expect(get.status == 200)
        #expect(get.body == manifest)
    }

    @Test func tlsRegistryIsTrustedThroughItsTestCA() throws {
        let registry = try TestRegistry.start(.tls)
        defer { registry.stop() }
        let caFile = try #require(registry.caFile)
        #expect(registry.baseURL == "https://\(registry.host)")
        #expect(registry.username == nil)

        #expect(try Curl.run(["--cacert", caFile, "\(registry.baseURL)/v2/"]).status == 200)
        let port = registry.host.split(separator: ":").last.map(String.init) ?? ""
        #expect(try Curl.run(["--cacert", caFile, "https://localhost:\(port)/v2/"]).status == 200)
        // 60: the peer's certificate could not be verified.
        #expect(try Curl.run(["\(registry.baseURL)/v2/"]).exitCode == 60)
    }

    @Test func stoppedRegistryReleasesItsPortAndFiles() throws {
        let registry = try TestRegistry.start(.plain)
        #expect(try Curl.run(["\(registry.baseURL)/v2/"]).status == 200)
        registry.stop()
        registry.stop()
        // 7: could not connect.
        #expect(try Curl.run(["--max-time", "5", "\(registry.baseURL)/v2/"]).exitCode == 7)
    }
}
