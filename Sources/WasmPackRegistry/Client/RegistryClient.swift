#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import Synchronization
import WasmPackOCI

/// Talks to one registry. Every request goes through `send`, the single funnel that adds
/// credentials, answers 401 challenges (Basic, or Bearer via the token service), follows redirects
/// itself (dropping Authorization when the origin changes), retries what is safe to retry and turns
/// the registry's error JSON into `RegistryError`. Safe to use from several threads at once.
public final class RegistryClient: Sendable {
    public let registry: RegistryHost
    let credentials: RegistryCredentials
    let options: RegistryClientOptions
    let pool: TransportPool
    let tokens = TokenCache()
    let retry: RetryPolicy
    /// The Bearer challenge last seen (realm, service): lets later requests fetch tokens up front.
    private let bearerChallenge = Mutex<AuthChallenge?>(nil)
    /// Set once the registry asked for Basic: from then on every request carries it.
    private let usesBasic = Atomic<Bool>(false)
    /// Token fetches are rare; one at a time avoids N workers fetching the same token at once.
    private let tokenFetch = Mutex<Void>(())
    /// ACR: the refresh token exchanged for the Azure AD identity, kept in memory for this run only.
    private let exchangedRefreshToken = Mutex<String?>(nil)
    /// The scheme in use; `ping()` may switch a loopback registry from http to https.
    private let scheme: Mutex<String>
    /// Set once `/v2/` answered: what it told us (scheme, challenge) holds for the whole run, so a
    /// push checked before its build does not ask again after it.
    private let pinged = Atomic<Bool>(false)

    /// `scheme://host` of the registry API, as settled by `ping()`.
    public var baseURL: String { "\(scheme.withLock { $0 })://\(registry.host)" }

    /// A client for one registry. Nothing is sent until the first call (`ping()`, or a `Pusher`'s or
    /// `Puller`'s); `credentials` go only to this registry and its token service.
    public init(registry: RegistryHost, credentials: RegistryCredentials, options: RegistryClientOptions) {
        self.registry = registry
        self.credentials = credentials
        self.options = options
        var configuration = TransportConfiguration(userAgent: options.userAgent, environment: options.environment)
        configuration.insecureSkipTLSVerify = options.insecureSkipTLSVerify
        configuration.caFile = options.caFile
        configuration.lowSpeedTime = options.stallTimeout
        pool = TransportPool(configuration: configuration)
        retry = RetryPolicy(retries: options.retries, baseDelay: options.retryBaseDelay, maximumDelay: options.maximumRetryDelay)
        // Loopback defaults to http, but --ca-file or --insecure say the user expects TLS there.
        let expectsTLS = options.caFile != nil || options.insecureSkipTLSVerify
        scheme = Mutex(RegistryHost.isLoopback(registry.host) && expectsTLS ? "https" : registry.scheme)
    }

    /// `GET /v2/`: proves the host is a registry and learns how it authenticates. A loopback
    /// registry that answers plain http with "HTTP request to an HTTPS server" is then spoken to over https.
    /// Once it has answered, later calls on the same client return at once.
    public func ping() throws(RegistryError) {
        if pinged.load(ordering: .acquiring) { return }
        try pingRegistry()
        pinged.store(true, ordering: .releasing)
    }

    private func pingRegistry() throws(RegistryError) {
        var attempt = 0
        var switchedToTLS = false
        while true {
            let request = HTTPRequest(method: "GET", url: baseURL + "/v2/")
            let response: HTTPResponse
            do {
                response = try sendOnce(request, authorization: nil)
            } catch {
                if case .transport(let failure) = error, failure.isRetryable {
                    guard attempt < retry.retries else { throw Self.exhausted(error, after: attempt) }
                    log("retrying GET \(URLOrigin.redacted(request.url)) after: \(failure)")
                    retry.sleep(seconds: retry.delay(attempt: attempt, retryAfter: nil))
                    attempt += 1
                    continue
                }
                throw error
            }
            switch response.status {
            case 200:
                return
            case 401:
                rememberChallenges(response)
                return
            case 400 where !switchedToTLS && scheme.withLock({ $0 }) == "http"
                && String(decoding: response.body.prefix(200), as: UTF8.self).contains("HTTPS"):
                scheme.withLock { $0 = "https" }
                switchedToTLS = true
            case let status where RetryPolicy.retryableStatuses.contains(status):
                // A registry in maintenance answers 503 with its own error: that, not "not a
                // registry", is what the user needs to read once the retries are spent.
                guard attempt < retry.retries else {
                    throw Self.exhausted(pingFailure(response, for: request), after: attempt)
                }
                let delay = retry.delay(attempt: attempt, retryAfter: response.header("Retry-After"))
                log("retrying GET \(URLOrigin.redacted(request.url)) after HTTP \(status) in \(delay.oneDecimal) s")
                retry.sleep(seconds: delay)
                attempt += 1
            default:
                throw pingFailure(response, for: request)
            }
        }
    }

    /// A 5xx or 429 is a registry (or its gateway) failing for now: its own error JSON or page says
    /// why. Any other status on `/v2/` (404, 200-less HTML…) means this is not a registry.
    private func pingFailure(_ response: HTTPResponse, for request: HTTPRequest) -> RegistryError {
        if RetryPolicy.retryableStatuses.contains(response.status) { return failure(response, for: request) }
        return .notARegistry(host: registry.host, status: response.status)
    }

    /// `error` as the last of `retries` attempts that were all spent, or as it is when none were made.
    static func exhausted(_ error: RegistryError, after retries: Int) -> RegistryError {
        retries > 0 ? .gaveUp(retries: retries, last: error) : error
    }

    /// Checks the credentials against the registry before anything is stored (`wasmpack login`):
    /// Basic registries must accept them on `/v2/`; token registries must issue a token with
    /// offline access. Returns the refresh token when the token service gave one.
    public func verifyCredentials() throws(RegistryError) -> String? {
        try ping()
        if let challenge = bearerChallenge.withLock({ $0 }), let realm = challenge.realm {
            let result = try TokenRequest(realm: realm, service: challenge.service, scopes: [], credentials: credentials, offline: true)
                .perform(client: self)
            return result.refreshToken
        }
        if usesBasic.load(ordering: .relaxed) {
            let request = HTTPRequest(method: "GET", url: baseURL + "/v2/")
            let response = try send(request, scopes: [], idempotent: true)
            guard response.status == 200 else { throw failure(response, for: request) }
        }
        return nil
    }

    /// Sends a request for `scopes`, handling auth, redirects and retries.
    /// - Parameter idempotent: whether a failed attempt may be repeated as it is.
    /// - Parameter expectedBodySize: a 2xx body streamed to `onBody` must be exactly this long
    ///   (a blob's descriptor size): longer stops the transfer, shorter is retried.
    ///
    /// Credentials go only to the registry's own origin (scheme, host, port): a URL the registry
    /// hands back (an upload Location, a redirect) on another origin gets none, so no caller can
    /// leak them by following it.
    func send(
        _ request: HTTPRequest, scopes: [Scope], idempotent: Bool, bodyLimit: Int = 4 << 20, expectedBodySize: Int64? = nil,
        onBody: ((UnsafeRawBufferPointer) throws -> Void)? = nil, beforeRetry: (() throws(RegistryError) -> Void)? = nil
    ) throws(RegistryError) -> HTTPResponse {
        var attempt = 0
        var authRounds = 0
        var wantedScopes = scopes
        let ownOrigin = isRegistryOrigin(request.url)
        while true {
            let authorization = ownOrigin ? try authorizationHeader(for: wantedScopes) : nil
            let response: HTTPResponse
            do {
                response = try sendFollowingRedirects(
                    request, authorization: authorization, bodyLimit: bodyLimit, expectedBodySize: expectedBodySize, onBody: onBody)
            } catch {
                if case .transport(let failure) = error, failure.isRetryable, idempotent {
                    guard attempt < retry.retries else { throw Self.exhausted(error, after: attempt) }
                    log("retrying \(request.method) \(URLOrigin.redacted(request.url)) after: \(failure)")
                    retry.sleep(seconds: retry.delay(attempt: attempt, retryAfter: nil))
                    attempt += 1
                    try beforeRetry?()
                    continue
                }
                throw error
            }
            if response.status == 401 && authRounds < 2 && ownOrigin {
                authRounds += 1
                let challenges = rememberChallenges(response)
                if let bearer = challenges.first(where: { $0.scheme == "bearer" }) {
                    // insufficient_scope: ask once more with everything anyone asked for.
                    let challenged = bearer.scopes.compactMap(Scope.init(parsing:))
                    wantedScopes = Scope.merge(wantedScopes + challenged)
                    try fetchToken(challenge: bearer, scopes: wantedScopes, force: true)
                    continue
                }
                if challenges.contains(where: { $0.scheme == "basic" }), case .basic = credentials, !usesBasic.load(ordering: .relaxed) {
                    usesBasic.store(true, ordering: .relaxed)
                    continue
                }
            }
            if RetryPolicy.retryableStatuses.contains(response.status), idempotent {
                guard attempt < retry.retries else {
                    if attempt == 0 { return response }
                    throw .gaveUp(retries: attempt, last: failure(response, for: request))
                }
                let delay = retry.delay(attempt: attempt, retryAfter: response.header("Retry-After"))
                log("retrying \(request.method) \(URLOrigin.redacted(request.url)) after HTTP \(response.status) in \(delay.oneDecimal) s")
                retry.sleep(seconds: delay)
                attempt += 1
                try beforeRetry?()
                continue
            }
            return response
        }
    }

    /// Turns a response that is not one of `expected` into the most helpful error.
    func failure(_ response: HTTPResponse, for request: HTTPRequest, repository: String? = nil) -> RegistryError {
        let described = "\(request.method) \(URLOrigin.redacted(request.url))"
        if let body = try? JSONDecoder().decode(RegistryErrorBody.self, from: Data(response.body)), let first = body.errors.first {
            if response.status == 401 {
                return .unauthorized(host: registry.host, credentials: credentials.summary, detail: "\(first.code): \(first.message ?? "")")
            }
            if response.status == 403 || first.code == "DENIED" {
                return .denied(host: registry.host, repository: repository ?? "?", credentials: credentials.summary)
            }
            return .registry(status: response.status, code: first.code, message: first.message ?? "", request: described)
        }
        switch response.status {
        case 401: return .unauthorized(host: registry.host, credentials: credentials.summary, detail: nil)
        case 403: return .denied(host: registry.host, repository: repository ?? "?", credentials: credentials.summary)
        default:
            let text = String(decoding: response.body.prefix(512), as: UTF8.self).lowercased()
            let hint: String
            if request.method == "HEAD" {
                hint = "HEAD responses carry no error details"
            } else if response.body.isEmpty {
                hint = "the response had no body"
            } else if text.contains("<html") || text.contains("<!doctype") {
                hint = "the response was an HTML page, not a registry error: a proxy, gateway or wrong host may be in the way"
            } else {
                hint = "the response was not a registry error: \(String(decoding: response.body.prefix(120), as: UTF8.self).split(separator: "\n").first ?? "")"
            }
            return .unexpectedStatus(status: response.status, request: described, hint: hint)
        }
    }

    func log(_ line: String) { options.log?(line) }

    /// Whether `url` is on the registry's origin, the only one its credentials may go to.
    func isRegistryOrigin(_ url: String) -> Bool {
        guard let origin = URLOrigin(url) else { return false }
        return origin == URLOrigin(baseURL)
    }

    /// The cached ACR refresh token, or a new one from `exchange` (also when `renew` is set).
    /// Called under the token-fetch lock, so at most one exchange runs at a time.
    func acrRefreshToken(_ renew: Bool, exchange: () throws(RegistryError) -> String) throws(RegistryError) -> String {
        if !renew, let cached = exchangedRefreshToken.withLock({ $0 }) { return cached }
        let fresh = try exchange()
        exchangedRefreshToken.withLock { $0 = fresh }
        return fresh
    }

    // MARK: - Auth

    private func authorizationHeader(for scopes: [Scope]) throws(RegistryError) -> String? {
        switch credentials {
        case .registryToken(let token):
            return "Bearer " + token
        case .basic(let username, let password) where usesBasic.load(ordering: .relaxed):
            return "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()
        default:
            break
        }
        if let (_, token) = tokens.token(host: registry.host, covering: scopes) { return "Bearer " + token }
        // A registry that challenged with Bearer before: get the token now rather than sending a
        // large body that a 401 would waste.
        if let challenge = bearerChallenge.withLock({ $0 }), !scopes.isEmpty {
            return "Bearer " + (try fetchToken(challenge: challenge, scopes: scopes, force: false))
        }
        return nil
    }

    @discardableResult
    private func rememberChallenges(_ response: HTTPResponse) -> [AuthChallenge] {
        let challenges = AuthChallenge.parse(headers: response.headers(named: "WWW-Authenticate"))
        if let bearer = challenges.first(where: { $0.scheme == "bearer" && $0.realm != nil }) {
            bearerChallenge.withLock { $0 = bearer }
        } else if challenges.contains(where: { $0.scheme == "basic" }), case .basic = credentials {
            usesBasic.store(true, ordering: .relaxed)
        }
        return challenges
    }

    @discardableResult
    private func fetchToken(challenge: AuthChallenge, scopes: [Scope], force: Bool) throws(RegistryError) -> String {
        guard let realm = challenge.realm else {
            throw .invalidResponse(request: "GET \(baseURL)/v2/", detail: "a Bearer challenge without realm")
        }
        let key = TokenCache.Key(host: registry.host, service: challenge.service ?? "", scopes: Scope.merge(scopes))
        if case .registryToken(let token) = credentials { return token }
        return try tokenFetch.withLock { _ throws(RegistryError) -> String in
            if force { tokens.remove(key) }
            if let cached = tokens.token(for: key) { return cached }
            let response = try TokenRequest(realm: realm, service: challenge.service, scopes: key.scopes, credentials: credentials)
                .perform(client: self)
            tokens.store(response.token, for: key, lifetime: response.lifetime)
            return response.token
        }
    }

    // MARK: - One exchange

    /// Performs a request, re-issuing 301/302/303/307/308 ourselves (at most 10 hops) so that
    /// Authorization goes only to hops on the registry's own origin.
    private func sendFollowingRedirects(
        _ request: HTTPRequest, authorization: String?, bodyLimit: Int, expectedBodySize: Int64?,
        onBody: ((UnsafeRawBufferPointer) throws -> Void)?
    ) throws(RegistryError) -> HTTPResponse {
        var current = request
        for _ in 0...10 {
            let response = try sendOnce(
                current, authorization: isRegistryOrigin(current.url) ? authorization : nil,
                bodyLimit: bodyLimit, expectedBodySize: expectedBodySize, onBody: onBody)
            guard [301, 302, 303, 307, 308].contains(response.status), let location = response.header("Location") else {
                return response
            }
            guard let next = URLOrigin.resolve(location, against: current.url) else {
                throw .invalidResponse(request: "\(current.method) \(URLOrigin.redacted(current.url))", detail: "unusable redirect Location")
            }
            current.url = next
            if response.status == 303 || ((response.status == 301 || response.status == 302) && current.method == "POST") {
                current.method = "GET"
                current.body = .none
            }
        }
        throw .tooManyRedirects(request: "\(request.method) \(URLOrigin.redacted(request.url))")
    }

    /// One exchange with exactly the Authorization given (nil: none, whatever the request carried).
    func sendOnce(
        _ request: HTTPRequest, authorization: String?, bodyLimit: Int = 4 << 20, expectedBodySize: Int64? = nil,
        onBody: ((UnsafeRawBufferPointer) throws -> Void)? = nil
    ) throws(RegistryError) -> HTTPResponse {
        var request = request
        request.headers.removeAll { $0.name.lowercased() == "authorization" }
        if let authorization { request.headers.append(HTTPHeader("Authorization", authorization)) }
        let response = try pool.withTransport { transport throws(RegistryError) -> HTTPResponse in
            do throws(TransportError) {
                return try transport.perform(request, bodyLimit: bodyLimit, expectedBodySize: expectedBodySize, onBody: onBody)
            } catch {
                throw .transport(error)
            }
        }
        log("\(request.method) \(URLOrigin.redacted(request.url)) → \(response.status)")
        return response
    }
}

/// `{"errors":[{"code":"…","message":"…","detail":…}]}`; detail is ignored (its shape varies).
struct RegistryErrorBody: Decodable {
    struct Entry: Decodable {
        var code: String
        var message: String?
    }

    var errors: [Entry]
}
