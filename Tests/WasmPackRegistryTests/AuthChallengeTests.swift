import Foundation
import Testing
@testable import WasmPackRegistry

@Suite("Auth challenges, scopes and retry rules")
struct AuthChallengeTests {
    @Test func parsesDistributionsBearerChallengeWithSeveralScopes() {
        let header = #"Bearer realm="https://auth.example.com/token",service="registry.example.com",scope="repository:a:pull,push repository:b:pull""#
        let challenges = AuthChallenge.parse(header: header)
        #expect(challenges.count == 1)
        #expect(challenges[0].scheme == "bearer")
        #expect(challenges[0].realm == "https://auth.example.com/token")
        #expect(challenges[0].service == "registry.example.com")
        #expect(challenges[0].scopes == ["repository:a:pull,push", "repository:b:pull"])
    }

    @Test func schemeAndKeysAreCaseInsensitiveAndQuotedStringsUnescape() {
        let challenge = AuthChallenge.parse(header: #"BEARER Realm="https://r/\"x\"", ERROR="insufficient_scope""#)[0]
        #expect(challenge.scheme == "bearer")
        #expect(challenge.realm == #"https://r/"x""#)
        #expect(challenge.error == "insufficient_scope")
    }

    @Test func readsSeveralChallengesInOneHeaderAndAcrossHeaders() {
        let one = AuthChallenge.parse(header: #"Negotiate, Basic realm="reg", Bearer realm="https://t",service="s""#)
        #expect(one.map(\.scheme) == ["negotiate", "basic", "bearer"])
        #expect(one[2].service == "s")
        let many = AuthChallenge.parse(headers: [#"Basic realm="x""#, #"Bearer realm="https://t""#])
        #expect(many.map(\.scheme) == ["basic", "bearer"])
    }

    @Test func acrChallengeWithoutScopeParses() {
        let challenge = AuthChallenge.parse(header: #"Bearer realm="https://myreg.azurecr.io/oauth2/token",service="myreg.azurecr.io""#)[0]
        #expect(challenge.scopes.isEmpty)
        #expect(challenge.service == "myreg.azurecr.io")
    }

    @Test func scopeNamesMayContainColons() {
        let scope = Scope(parsing: "repository:localhost:5000/app:pull,push")
        #expect(scope?.resourceName == "localhost:5000/app")
        #expect(scope?.actions == ["pull", "push"])
    }

    @Test func mergingUnitesActionsPerRepositoryAndStarAbsorbs() {
        let merged = Scope.merge([
            .repository("a", "pull"), .repository("b", "pull"), .repository("a", "push"), .repository("b", "*"),
        ])
        #expect(merged.map(\.description) == ["repository:a:pull,push", "repository:b:*"])
    }

    @Test func tokenResponsesFromACRCarryOnlyAccessToken() throws {
        let acr = try JSONDecoder().decode(TokenResponse.self, from: Data(#"{"access_token":"abc"}"#.utf8))
        #expect(acr.bearer == "abc")
        #expect(acr.lifetime == 60)
        let both = try JSONDecoder().decode(TokenResponse.self, from: Data(#"{"token":"t","access_token":"a","expires_in":30}"#.utf8))
        #expect(both.bearer == "a")
        #expect(both.lifetime == 30)
        // No expires_in (ACR): the JWT's own exp decides.
        let exp = Int(Date().timeIntervalSince1970) + 120
        let payload = Data(#"{"exp":\#(exp)}"#.utf8).base64EncodedString().replacingOccurrences(of: "=", with: "")
        let jwt = try JSONDecoder().decode(TokenResponse.self, from: Data(#"{"access_token":"e30.\#(payload).sig"}"#.utf8))
        #expect((118...120).contains(jwt.lifetime))
    }

    @Test func tokenCacheServesNarrowerScopesAndForgetsExpiredTokens() {
        let cache = TokenCache()
        let key = TokenCache.Key(host: "r", service: "s", scopes: [.repository("app", "pull", "push")])
        let now = Date()
        cache.store("t", for: key, lifetime: 300, now: now)
        #expect(cache.token(host: "r", covering: [.repository("app", "pull")], now: now)?.1 == "t")
        #expect(cache.token(host: "r", covering: [.repository("other", "pull")], now: now) == nil)
        #expect(cache.token(for: key, now: now.addingTimeInterval(301)) == nil)
    }

    @Test(arguments: [
        ("localhost", true), ("localhost:5000", true), ("127.0.0.1:5000", true), ("127.8.9.10", true),
        ("[::1]:5000", true), ("[::1]", true), ("myreg.azurecr.io", false), ("10.0.0.1:5000", false), ("127.0.0.1.example.com", false),
    ])
    func plainHTTPOnlyForLoopback(host: String, loopback: Bool) {
        #expect(RegistryHost.isLoopback(host) == loopback)
        #expect(RegistryHost(host: host, plainHTTP: false).scheme == (loopback ? "http" : "https"))
    }

    @Test func retryAfterAcceptsSecondsAndHTTPDates() {
        #expect(RetryPolicy.seconds(fromRetryAfter: "3") == 3)
        let now = Date(timeIntervalSince1970: 1_700_000_000)
        #expect(RetryPolicy.seconds(fromRetryAfter: "Tue, 14 Nov 2023 22:13:25 GMT", now: now) == 5)
        let policy = RetryPolicy(retries: 3, baseDelay: 0.5, maximumDelay: 30)
        #expect(policy.delay(attempt: 0, retryAfter: "120") == 60)
        #expect((0.4...0.6).contains(policy.delay(attempt: 0, retryAfter: nil)))
    }

    @Test func formEncodingEscapesEverythingButUnreserved() {
        #expect(TokenRequest.formEncode([("scope", "repository:a/b:pull,push x"), ("k", "a+b&c=d")])
            == "scope=repository%3Aa%2Fb%3Apull%2Cpush%20x&k=a%2Bb%26c%3Dd")
    }

    @Test func redirectsResolveRelativeLocationsAndCompareOrigins() {
        #expect(URLOrigin.resolve("/v2/x/blobs/uploads/1?_state=a", against: "http://h:5000/v2/x/blobs/uploads/")
            == "http://h:5000/v2/x/blobs/uploads/1?_state=a")
        #expect(URLOrigin("https://a.io/x") == URLOrigin("https://a.io:443/y"))
        #expect(URLOrigin("https://a.io/x") != URLOrigin("https://b.blob.core.windows.net/x"))
        #expect(URLOrigin.redacted("https://h/v2/up?_state=secret&digest=x") == "https://h/v2/up")
    }
}
