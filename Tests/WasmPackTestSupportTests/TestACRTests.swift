import Foundation
import Testing
import WasmPackTestSupport

/// TestACR, seen from curl, answers the way Azure Container Registry and Azure AD do.
@Suite("TestACR", .enabled(if: TestACR.isAvailable && Curl.isAvailable))
struct TestACRTests {
    /// `--data-urlencode` pairs for a form POST.
    static func form(_ fields: [(String, String)]) -> [String] {
        fields.flatMap { ["--data-urlencode", "\($0.0)=\($0.1)"] }
    }

    /// The claims of a JWT, unverified.
    static func claims(_ token: String) throws -> [String: Any] {
        let parts = token.split(separator: ".")
        #expect(parts.count == 3)
        var payload = String(parts[1]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        payload += String(repeating: "=", count: (4 - payload.count % 4) % 4)
        let data = try #require(Data(base64Encoded: payload))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func aadToken(_ acr: TestACR, credential: [(String, String)], scope: String = TestACR.aadScope) throws -> Curl.Response {
        try Curl.run(form([("grant_type", "client_credentials"), ("client_id", acr.clientID), ("scope", scope)] + credential) + [acr.aadTokenURL])
    }

    static func exchange(_ acr: TestACR, aadToken: String, tenant: String? = nil) throws -> Curl.Response {
        try Curl.run(form([("grant_type", "access_token"), ("service", acr.service), ("access_token", aadToken)]
            + (tenant.map { [("tenant", $0)] } ?? [])) + [acr.exchangeURL])
    }

    static func accessToken(_ acr: TestACR, refreshToken: String, scope: String? = "repository:smoke:pull,push") throws -> Curl.Response {
        try Curl.run(form([("grant_type", "refresh_token"), ("service", acr.service), ("refresh_token", refreshToken)]
            + (scope.map { [("scope", $0)] } ?? [])) + [acr.tokenRealm])
    }

    static func bearer(_ token: String) -> [String] {
        ["-H", "Authorization: Bearer \(token)"]
    }

    static func string(_ response: Curl.Response, _ key: String) throws -> String {
        try #require(try response.json()[key] as? String, "\(response.status) \(response.text)")
    }

    @Test func clientSecretToAADToExchangeToAccessTokenToRegistry() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        #expect(acr.host.hasPrefix("127.0.0.1:") && acr.service == acr.host)
        #expect(acr.tokenRealm.hasSuffix("/oauth2/token") && acr.exchangeURL.hasSuffix("/oauth2/exchange"))
        #expect(acr.tokenRealm.dropLast("/oauth2/token".count) == acr.exchangeURL.dropLast("/oauth2/exchange".count))
        #expect(acr.aadAuthorityHost.hasPrefix("http://127.0.0.1:") && acr.aadAuthorityHost.hasSuffix("/"))

        let challenge = try Curl.run(["\(acr.baseURL)/v2/"])
        #expect(challenge.status == 401)
        #expect(challenge.headers["www-authenticate"] == #"Bearer realm="\#(acr.tokenRealm)",service="\#(acr.service)""#)

        let aad = try Self.aadToken(acr, credential: [("client_secret", acr.clientSecret)])
        #expect(aad.status == 200, "\(aad.text)")
        let aadBody = try aad.json()
        #expect(Set(aadBody.keys) == ["token_type", "expires_in", "ext_expires_in", "access_token"])
        #expect(aadBody["token_type"] as? String == "Bearer" && aadBody["expires_in"] as? Int == 3599)
        let aadToken = try Self.string(aad, "access_token")
        let aadClaims = try Self.claims(aadToken)
        #expect(aadClaims["aud"] as? String == TestACR.aadAudience)
        #expect(aadClaims["tid"] as? String == acr.tenantID && aadClaims["oid"] is String)

        let exchanged = try Self.exchange(acr, aadToken: aadToken, tenant: acr.tenantID)
        #expect(exchanged.status == 200, "\(exchanged.text)")
        #expect(Set(try exchanged.json().keys) == ["refresh_token"])
        let refreshToken = try Self.string(exchanged, "refresh_token")
        let refreshClaims = try Self.claims(refreshToken)
        #expect(refreshClaims["iss"] as? String == TestACR.tokenIssuer && refreshClaims["aud"] as? String == acr.service)
        #expect(refreshClaims["grant_type"] as? String == "refresh_token")

        let granted = try Self.accessToken(acr, refreshToken: refreshToken)
        #expect(granted.status == 200, "\(granted.text)")
        // Like ACR: access_token only, no `token`, no `expires_in`.
        #expect(Set(try granted.json().keys) == ["access_token"])
        let token = try Self.string(granted, "access_token")
        let claims = try Self.claims(token)
        let issuedAt = try #require(claims["iat"] as? Int), expiry = try #require(claims["exp"] as? Int)
        #expect(expiry - issuedAt == 300)
        let access = try #require(claims["access"] as? [[String: Any]])
        #expect(access.count == 1 && access.first?["name"] as? String == "smoke")
        #expect(access.first?["actions"] as? [String] == ["pull", "push"])

        #expect(try Curl.run(Self.bearer(token) + ["\(acr.baseURL)/v2/"]).status == 200)
        let push = try Curl.pushBlob(SmokeImage.blob, repository: "smoke", to: acr.baseURL, auth: Self.bearer(token))
        #expect(push.put.status == 201, "\(push.put.text)")
        let manifest = try Curl.putManifest(SmokeImage.manifest(blobDigest: push.digest), repository: "smoke", reference: "v1", to: acr.baseURL, auth: Self.bearer(token))
        #expect(manifest.status == 201, "\(manifest.text)")

        // Without a scope the token still opens /v2/, but no repository.
        let bare = try Self.string(try Self.accessToken(acr, refreshToken: refreshToken, scope: nil), "access_token")
        #expect(try Curl.run(Self.bearer(bare) + ["\(acr.baseURL)/v2/"]).status == 200)
        let refused = try Curl.run(Self.bearer(bare) + ["\(acr.baseURL)/v2/smoke/tags/list"])
        #expect(refused.status == 401)
        #expect(refused.headers["www-authenticate"]?.contains(#"error="insufficient_scope""#) == true)

        let counts = acr.requestCounts
        #expect(counts["aad"] == 1 && counts["exchange"] == 1 && counts["token"] == 2, "\(counts)")
    }

    @Test func federatedClientAssertionGetsAnAADToken() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let assertion = try String(contentsOfFile: acr.federatedTokenFile, encoding: .utf8)
        #expect(try Self.claims(assertion)["aud"] as? [String] == ["api://AzureADTokenExchange"])
        let assertionType = ("client_assertion_type", TestACR.jwtBearerAssertionType)

        let aad = try Self.aadToken(acr, credential: [assertionType, ("client_assertion", assertion)])
        #expect(aad.status == 200, "\(aad.text)")
        let exchanged = try Self.exchange(acr, aadToken: try Self.string(aad, "access_token"))
        #expect(exchanged.status == 200, "\(exchanged.text)")
        let token = try Self.string(try Self.accessToken(acr, refreshToken: try Self.string(exchanged, "refresh_token")), "access_token")
        #expect(try Curl.run(Self.bearer(token) + ["\(acr.baseURL)/v2/"]).status == 200)

        for bad in [try acr.federatedToken(expiresIn: -60), "not.a.jwt", try acr.aadAccessToken()] {
            let refused = try Self.aadToken(acr, credential: [assertionType, ("client_assertion", bad)])
            #expect(refused.status == 400, "\(refused.text)")
            #expect(try refused.json()["error"] as? String == "invalid_client")
        }
        let expired = try Self.aadToken(acr, credential: [assertionType, ("client_assertion", try acr.federatedToken(expiresIn: -60))])
        #expect((try expired.json()["error_codes"] as? [Int]) == [700024])
        #expect(acr.requestCounts["aad"] == 5)
    }

    @Test func wrongOrExpiredCredentialsAreRefused() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }

        let wrongSecret = try Self.aadToken(acr, credential: [("client_secret", "wrong")])
        #expect(wrongSecret.status == 401)
        #expect(try wrongSecret.json()["error"] as? String == "invalid_client")
        #expect((try wrongSecret.json()["error_description"] as? String)?.hasPrefix("AADSTS7000215:") == true)
        let wrongScope = try Self.aadToken(acr, credential: [("client_secret", acr.clientSecret)], scope: "https://management.azure.com/.default")
        #expect(wrongScope.status == 400)
        #expect(try wrongScope.json()["error"] as? String == "invalid_scope")
        let wrongTenant = try Curl.run(Self.form([
            ("grant_type", "client_credentials"), ("client_id", acr.clientID), ("scope", TestACR.aadScope), ("client_secret", acr.clientSecret),
        ]) + ["\(acr.aadAuthorityHost)\(UUID().uuidString.lowercased())/oauth2/v2.0/token"])
        #expect(wrongTenant.status == 400)

        // The exchange takes only live AAD tokens for ACR's audience.
        for bad in [try acr.aadAccessToken(expiresIn: -60), try acr.aadAccessToken(audience: "https://management.azure.com/"),
                    try acr.acrRefreshToken(), "garbage"] {
            let refused = try Self.exchange(acr, aadToken: bad)
            #expect(refused.status == 401, "\(refused.text)")
            #expect((try refused.json()["errors"] as? [[String: Any]])?.first?["code"] as? String == "UNAUTHORIZED")
        }
        #expect(try Self.exchange(acr, aadToken: try acr.aadAccessToken(), tenant: UUID().uuidString.lowercased()).status == 401)
        #expect(try Self.exchange(acr, aadToken: try acr.aadAccessToken()).status == 200)

        // The token endpoint takes only live ACR refresh tokens.
        for bad in [try acr.acrRefreshToken(expiresIn: -60), try acr.aadAccessToken(), "garbage"] {
            #expect(try Self.accessToken(acr, refreshToken: bad).status == 401)
        }
        let wrongService = try Curl.run(Self.form([
            ("grant_type", "refresh_token"), ("service", "other.azurecr.io"), ("refresh_token", try acr.acrRefreshToken()),
        ]) + [acr.tokenRealm])
        #expect(wrongService.status == 400)

        // Neither an AAD token nor a refresh token is a registry token.
        for notAccess in [try acr.aadAccessToken(), try acr.acrRefreshToken()] {
            #expect(try Curl.run(Self.bearer(notAccess) + ["\(acr.baseURL)/v2/"]).status == 401)
        }
        let query = "service=\(acr.service)&scope=repository:smoke:pull"
        #expect(try Curl.run(["-u", "\(acr.adminUsername):wrong", "\(acr.tokenRealm)?\(query)"]).status == 401)
        #expect(try Curl.run(["-u", "\(TestACR.nullGUID):\(try acr.acrRefreshToken(expiresIn: -60))", "\(acr.tokenRealm)?\(query)"]).status == 401)
        #expect(try Curl.run(["\(acr.tokenRealm)?\(query)"]).status == 401)
        let counts = acr.requestCounts
        #expect(counts["aad"] == 3 && counts["exchange"] == 6 && counts["token"] == 7, "\(counts)")
    }

    @Test func adminAndNullGUIDCredentialsGetAccessTokens() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let query = "service=\(acr.service)&scope=repository:smoke:pull,push"

        let admin = try Curl.run(["-u", "\(acr.adminUsername):\(acr.adminPassword)", "\(acr.tokenRealm)?\(query)"])
        #expect(admin.status == 200, "\(admin.text)")
        #expect(Set(try admin.json().keys) == ["access_token"])
        let adminToken = try Self.string(admin, "access_token")
        #expect(try Curl.pushBlob(SmokeImage.blob, repository: "smoke", to: acr.baseURL, auth: Self.bearer(adminToken)).put.status == 201)

        let refreshToken = try acr.acrRefreshToken()
        let nullGUID = try Curl.run(["-u", "\(TestACR.nullGUID):\(refreshToken)", "\(acr.tokenRealm)?\(query)"])
        #expect(nullGUID.status == 200)
        #expect(try Curl.run(Self.bearer(try Self.string(nullGUID, "access_token")) + ["\(acr.baseURL)/v2/smoke/tags/list"]).status == 404)

        for (username, password) in [(acr.adminUsername, acr.adminPassword), (TestACR.nullGUID, refreshToken)] {
            let posted = try Curl.run(Self.form([
                ("grant_type", "password"), ("service", acr.service), ("scope", "repository:smoke:pull"),
                ("username", username), ("password", password),
            ]) + [acr.tokenRealm])
            #expect(posted.status == 200, "\(posted.text)")
            let pullOnly = try Self.string(posted, "access_token")
            #expect(try Curl.pushBlob(Data("x".utf8), repository: "smoke", to: acr.baseURL, auth: Self.bearer(pullOnly)).start.status == 401)
        }
        #expect(acr.requestCounts["token"] == 4)
    }

    @Test func blobDownloadsRedirectToStorageThatRefusesAuthorization() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let admin = try Curl.run(["-u", "\(acr.adminUsername):\(acr.adminPassword)", "\(acr.tokenRealm)?service=\(acr.service)&scope=repository:smoke:pull,push"])
        let auth = Self.bearer(try Self.string(admin, "access_token"))
        let data = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 7) })
        let push = try Curl.pushBlob(data, repository: "smoke", to: acr.baseURL, auth: auth)
        #expect(push.put.status == 201)
        let blobURL = "\(acr.baseURL)/v2/smoke/blobs/\(push.digest)"

        let redirect = try Curl.run(auth + [blobURL])
        #expect(redirect.status == 307)
        #expect(redirect.headers["docker-content-digest"] == push.digest)
        let location = try #require(redirect.headers["location"])
        #expect(location.hasPrefix(acr.storageBaseURL + "/") && location.contains("sig="))
        let storage = try Curl.run([location])
        #expect(storage.status == 200 && storage.body == data)
        let range = try Curl.run(["-H", "Range: bytes=10-19", location])
        #expect(range.status == 206 && range.body == data[10..<20])
        #expect(try Curl.run([location.replacingOccurrences(of: "sig=", with: "sig=x")]).status == 403)

        // No credentials, or an unknown blob: the registry's own answer, no redirect.
        #expect(try Curl.run([blobURL]).status == 401)
        #expect(try Curl.run(auth + ["\(acr.baseURL)/v2/smoke/blobs/sha256:\(String(repeating: "0", count: 64))"]).status == 404)
        // HEAD and the registry itself are not redirected.
        #expect(try Curl.run(auth + ["--head", blobURL]).status == 200)
        #expect(try Curl.run(auth + ["http://\(acr.registryHost)/v2/smoke/blobs/\(push.digest)"]).body == data)

        // curl keeps a custom Authorization to the same host:port only...
        let followed = try Curl.run(auth + ["--location", blobURL])
        #expect(followed.status == 200 && followed.body == data)
        #expect(!acr.storageSawAuthorization)
        // ...unless told to trust every location: then storage refuses it, as Azure Storage does.
        let leaked = try Curl.run(auth + ["--location", "--location-trusted", blobURL])
        #expect(leaked.status == 403)
        #expect(leaked.headers["x-ms-error-code"] == "InvalidAuthenticationInfo")
        #expect(acr.storageSawAuthorization)

        let counts = acr.requestCounts
        #expect(counts["redirect"] == 3 && counts["storage"] == 5 && counts["storageWithAuthorization"] == 1, "\(counts)")
    }

    @Test func redirectsCanBeTurnedOff() throws {
        var options = TestACR.Options()
        options.redirectBlobDownloads = false
        let acr = try TestACR.start(options)
        defer { acr.stop() }
        let auth = Self.bearer(try Self.string(try Self.accessToken(acr, refreshToken: try acr.acrRefreshToken()), "access_token"))
        let push = try Curl.pushBlob(SmokeImage.blob, repository: "smoke", to: acr.baseURL, auth: auth)
        let get = try Curl.run(auth + ["\(acr.baseURL)/v2/smoke/blobs/\(push.digest)"])
        #expect(get.status == 200 && get.body == SmokeImage.blob)
        #expect(acr.requestCounts["redirect"] == nil)
    }

    @Test func shortLivedAccessTokensStopWorkingWhenTheyExpire() throws {
        var options = TestACR.Options()
        options.accessTokenLifetime = 3
        options.refreshTokenLifetime = 600
        let acr = try TestACR.start(options)
        defer { acr.stop() }
        let refreshClaims = try Self.claims(try acr.acrRefreshToken())
        #expect((refreshClaims["exp"] as? Int ?? 0) - (refreshClaims["iat"] as? Int ?? 0) == 600)

        let token = try Self.string(try Self.accessToken(acr, refreshToken: try acr.acrRefreshToken()), "access_token")
        let expiry = try #require(try Self.claims(token)["exp"] as? Int)
        #expect(try Curl.run(Self.bearer(token) + ["\(acr.baseURL)/v2/smoke/tags/list"]).status == 404)
        while Date().timeIntervalSince1970 < Double(expiry) + 0.5 {
            Thread.sleep(forTimeInterval: 0.25)
        }
        let expired = try Curl.run(Self.bearer(token) + ["\(acr.baseURL)/v2/smoke/tags/list"])
        #expect(expired.status == 401)
        let challenge = try #require(expired.headers["www-authenticate"])
        #expect(challenge.hasPrefix(#"Bearer realm="\#(acr.tokenRealm)",service="\#(acr.service)",scope="repository:smoke:pull""#))
        #expect(try Curl.run(Self.bearer(token) + ["\(acr.baseURL)/v2/"]).status == 401)
    }

    @Test func stopReleasesEverything() throws {
        let acr = try TestACR.start()
        let files = [acr.federatedTokenFile]
        #expect(try Curl.run(["\(acr.baseURL)/v2/"]).status == 401)
        acr.stop()
        acr.stop()
        for url in ["\(acr.baseURL)/v2/", acr.tokenRealm, acr.aadTokenURL, acr.storageBaseURL, "http://\(acr.registryHost)/v2/"] {
            #expect(try Curl.run(["--max-time", "5", url]).exitCode == 7, "\(url)")
        }
        #expect(!FileManager.default.fileExists(atPath: files[0]))
    }
}

@Suite("FakeTools")
struct FakeToolsTests {
    static func scratch() throws -> String {
        let path = try TestScratch.folder("fake-tools")
        return path
    }

    @Test func azPrintsTheAccessTokenLikeTheAzureCLI() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let az = try FakeTools.writeAz(into: directory, accessToken: "eyJ0eXAi.eyJhdWQi.c2ln")
        let resource = ["account", "get-access-token", "--resource", "https://containerregistry.azure.net"]

        let json = try ExternalCommand.run(az, resource)
        #expect(json.status == 0, "\(json.errorOutput)")
        let object = try #require(try JSONSerialization.jsonObject(with: json.output) as? [String: Any])
        #expect(object["accessToken"] as? String == "eyJ0eXAi.eyJhdWQi.c2ln" && object["tokenType"] as? String == "Bearer")
        #expect((object["expiresOn"] as? String)?.count == 26 && object["expires_on"] is Int)
        #expect(try ExternalCommand.run(az, resource + ["-o", "json"]).output == json.output)
        #expect(try ExternalCommand.run(az, resource + ["--query", "accessToken", "-o", "tsv"]).text == "eyJ0eXAi.eyJhdWQi.c2ln\n")
        #expect(try ExternalCommand.run(az, resource + ["--query", "accessToken"]).text == "\"eyJ0eXAi.eyJhdWQi.c2ln\"\n")
        let scoped = ["account", "get-access-token", "--scope", "https://containerregistry.azure.net/.default", "--query", "accessToken", "--output", "tsv"]
        #expect(try ExternalCommand.run(az, scoped).text == "eyJ0eXAi.eyJhdWQi.c2ln\n")

        let arm = try ExternalCommand.run(az, ["account", "get-access-token"])
        #expect(arm.status != 0 && arm.errorOutput.hasPrefix("ERROR:"))
        #expect(try ExternalCommand.run(az, ["acr", "login", "--name", "x"]).status != 0)
        let log = try String(contentsOfFile: FakeTools.logFile(of: az), encoding: .utf8)
        #expect(log.split(separator: "\n").count == 7)
    }

    @Test func credentialHelperAnswersGetAndLogsStoreAndErase() throws {
        let directory = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let secret = #"it's a "secret" \ with / odd characters"#
        let helper = try FakeTools.writeCredentialHelper(into: directory, name: "wasmpack-test", username: "<token>", secret: secret)
        #expect(helper.hasSuffix("/docker-credential-wasmpack-test"))

        for server in ["127.0.0.1:5000", "https://index.docker.io/v1/"] {
            let get = try ExternalCommand.run(helper, ["get"], input: Data(server.utf8))
            #expect(get.status == 0)
            let object = try #require(try JSONSerialization.jsonObject(with: get.output) as? [String: String])
            #expect(object == ["ServerURL": server, "Username": "<token>", "Secret": secret])
        }
        #expect(try ExternalCommand.run(helper, ["list"]).text == "{}\n")
        let stored = #"{"ServerURL":"127.0.0.1:5000","Username":"u","Secret":"s"}"#
        #expect(try ExternalCommand.run(helper, ["store"], input: Data(stored.utf8)).status == 0)
        #expect(try ExternalCommand.run(helper, ["erase"], input: Data("127.0.0.1:5000\n".utf8)).status == 0)
        #expect(try ExternalCommand.run(helper, ["bogus"]).status != 0)
        let log = try String(contentsOfFile: FakeTools.logFile(of: helper), encoding: .utf8)
        #expect(log == "store \(stored)\nerase 127.0.0.1:5000\n")
    }
}
