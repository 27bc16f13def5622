#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// One request to a token service (the challenge's realm).
///
/// With a password: `GET realm?service=…&scope=…` with Basic credentials, which every token
/// service serves. With a refresh token: the OAuth2 form `POST` (`grant_type=refresh_token`),
/// falling back to GET where POST is not served (404 per the spec; 400/401/405 as ACR, Artifactory
/// and GCR have answered). Anonymous: GET without credentials.
// https://distribution.github.io/distribution/spec/auth/token/ and …/spec/auth/oauth/
struct TokenRequest {
    struct Result {
        var token: String
        var lifetime: Int
        /// Present when the request asked for offline access and the service granted it.
        var refreshToken: String?
    }

    static let clientID = "wasmpack"
    /// Token answers are a few KiB (ACR's JWTs included); anything near this is not a token.
    static let responseLimit = 1 << 20

    var realm: String
    var service: String?
    var scopes: [Scope]
    var credentials: RegistryCredentials
    /// Ask for a refresh token too (`wasmpack login`), as `docker login` does.
    var offline = false

    func perform(client: RegistryClient) throws(RegistryError) -> Result {
        switch credentials {
        case .azure(let identity):
            // The exchanged ACR refresh token serves the whole run; exchange again only if it is refused.
            for attempt in 0..<2 {
                let refresh = try client.acrRefreshToken(attempt > 0) { () throws(RegistryError) -> String in
                    try exchange(client: client, identity: identity)
                }
                do {
                    return try TokenRequest(realm: realm, service: service, scopes: scopes,
                                            credentials: .identityToken(username: ACRHost.refreshTokenUsername, token: refresh))
                        .perform(client: client)
                } catch {
                    guard case .unauthorized = error, attempt == 0 else { throw error }
                }
            }
            throw .acrRefusedAzureToken(host: client.registry.host, status: 401)
        case .basic(let username, let password) where username == ACRHost.refreshTokenUsername:
            // `az acr login --expose-token` output: the password is an ACR refresh token.
            return try TokenRequest(realm: realm, service: service, scopes: scopes,
                                    credentials: .identityToken(username: username, token: password)).perform(client: client)
        case .identityToken(let username, let token):
            var form: [(String, String)] = [("grant_type", "refresh_token"), ("refresh_token", token), ("client_id", Self.clientID)]
            if let service { form.append(("service", service)) }
            // Sent once, space-separated; left out when empty (a literal `scope=` made ACR answer 400).
            if !scopes.isEmpty { form.append(("scope", scopes.map(\.description).joined(separator: " "))) }
            let response = try send(client: client, HTTPRequest(
                method: "POST", url: realm,
                headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                body: .bytes(Array(Self.formEncode(form).utf8))))
            if [400, 401, 404, 405].contains(response.status) {
                return try get(client: client, basic: (username ?? "<token>", token))
            }
            return try decode(response, client: client)
        case .basic(let username, let password):
            return try get(client: client, basic: (username, password))
        case .anonymous, .registryToken:
            return try get(client: client, basic: nil)
        }
    }

    /// ACR: POST {realm origin}/oauth2/exchange with the AAD access token → an ACR refresh token.
    // https://github.com/Azure/acr/blob/main/docs/AAD-OAuth.md
    private func exchange(client: RegistryClient, identity: AzureIdentity) throws(RegistryError) -> String {
        let aadToken = try AzureADTokenRequest(identity: identity).perform(client: client)
        guard var components = URLComponents(string: realm) else {
            throw .invalidResponse(request: "token realm", detail: "the realm '\(realm)' is not a URL")
        }
        components.path = "/oauth2/exchange"
        components.query = nil
        var form: [(String, String)] = [("grant_type", "access_token"), ("access_token", aadToken)]
        if let service { form.append(("service", service)) }
        if let tenant = identity.tenant { form.append(("tenant", tenant)) }
        let url = components.string ?? realm
        let response = try send(client: client, HTTPRequest(
            method: "POST", url: url, headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
            body: .bytes(Array(Self.formEncode(form).utf8))))
        guard response.status == 200 else {
            if response.status == 401 || response.status == 403 || response.status == 400 {
                throw .acrRefusedAzureToken(host: client.registry.host, status: response.status)
            }
            throw .tokenService(realm: URLOrigin.redacted(url), status: response.status, detail: "")
        }
        struct Answer: Decodable { var refresh_token: String? }
        guard let refresh = (try? JSONDecoder().decode(Answer.self, from: Data(response.body)))?.refresh_token, !refresh.isEmpty else {
            throw .tokenService(realm: URLOrigin.redacted(url), status: 200, detail: "the exchange answer has no refresh_token")
        }
        return refresh
    }

    private func get(client: RegistryClient, basic: (String, String)?) throws(RegistryError) -> Result {
        guard var components = URLComponents(string: realm) else {
            throw .invalidResponse(request: "token realm", detail: "the realm '\(realm)' is not a URL")
        }
        var items = components.queryItems ?? []
        if let service { items.append(URLQueryItem(name: "service", value: service)) }
        for scope in scopes { items.append(URLQueryItem(name: "scope", value: scope.description)) }
        if let (username, _) = basic { items.append(URLQueryItem(name: "account", value: username)) }
        if offline {
            items.append(URLQueryItem(name: "offline_token", value: "true"))
            items.append(URLQueryItem(name: "client_id", value: Self.clientID))
        }
        components.queryItems = items.isEmpty ? nil : items
        // URLComponents leaves '+' alone, which form decoders read as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacing("+", with: "%2B")
        var headers: [HTTPHeader] = []
        if let (username, password) = basic {
            headers.append(HTTPHeader("Authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()))
        }
        let response = try send(client: client, HTTPRequest(method: "GET", url: components.string ?? realm, headers: headers))
        return try decode(response, client: client)
    }

    private func send(client: RegistryClient, _ request: HTTPRequest) throws(RegistryError) -> HTTPResponse {
        var attempt = 0
        let shown = "\(request.method) \(URLOrigin.redacted(request.url))"
        while true {
            do throws(RegistryError) {
                // The request carries its own Authorization, meant for this URL (the realm) only:
                // sendOnce follows no redirect, so it cannot travel further.
                let authorization = request.headers.first { $0.name == "Authorization" }?.value
                let response = try client.sendOnce(request, authorization: authorization, bodyLimit: Self.responseLimit)
                if RetryPolicy.retryableStatuses.contains(response.status) {
                    guard attempt < client.retry.retries else {
                        if attempt == 0 { return response }
                        throw RegistryError.gaveUp(
                            retries: attempt, last: .tokenService(realm: URLOrigin.redacted(request.url), status: response.status, detail: ""))
                    }
                    let delay = client.retry.delay(attempt: attempt, retryAfter: response.header("Retry-After"))
                    client.log("retrying \(shown) after HTTP \(response.status) in \(delay.oneDecimal) s")
                    client.retry.sleep(seconds: delay)
                    attempt += 1
                    continue
                }
                return response
            } catch {
                if case .transport(let failure) = error {
                    if failure.isBodyTooLarge {
                        throw .tooLarge(what: "the token service's answer from \(URLOrigin.redacted(request.url))", limit: Int64(Self.responseLimit))
                    }
                    if failure.isRetryable {
                        guard attempt < client.retry.retries else { throw RegistryClient.exhausted(error, after: attempt) }
                        client.log("retrying \(shown) after: \(failure)")
                        client.retry.sleep(seconds: client.retry.delay(attempt: attempt, retryAfter: nil))
                        attempt += 1
                        continue
                    }
                }
                throw error
            }
        }
    }

    private func decode(_ response: HTTPResponse, client: RegistryClient) throws(RegistryError) -> Result {
        let realmForMessages = URLOrigin.redacted(realm)
        guard response.status == 200 else {
            if response.status == 401 || response.status == 403 {
                throw .unauthorized(host: client.registry.host, credentials: credentials.summary, detail: "the token service refused them")
            }
            throw .tokenService(realm: realmForMessages, status: response.status, detail: "")
        }
        guard let decoded = try? JSONDecoder().decode(TokenResponse.self, from: Data(response.body)), let token = decoded.bearer else {
            throw .tokenService(realm: realmForMessages, status: 200, detail: "the answer has neither 'token' nor 'access_token'")
        }
        return Result(token: token, lifetime: decoded.lifetime, refreshToken: decoded.refreshToken)
    }

    /// application/x-www-form-urlencoded: unreserved characters stay, everything else is %XX.
    static func formEncode(_ pairs: [(String, String)]) -> String {
        let unreserved = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~".utf8)
        let hex = Array("0123456789ABCDEF".utf8)
        func encode(_ text: String) -> String {
            var encoded: [UInt8] = []
            for byte in text.utf8 {
                if unreserved.contains(byte) { encoded.append(byte) } else { encoded += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]] }
            }
            return String(decoding: encoded, as: UTF8.self)
        }
        return pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}
