import Foundation

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
    }

    static let clientID = "wasmpack"
    static let responseLimit = 128 * 1024

    var realm: String
    var service: String?
    var scopes: [Scope]
    var credentials: RegistryCredentials

    func perform(client: RegistryClient) throws(RegistryError) -> Result {
        switch credentials {
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

    private func get(client: RegistryClient, basic: (String, String)?) throws(RegistryError) -> Result {
        guard var components = URLComponents(string: realm) else {
            throw .invalidResponse(request: "token realm", detail: "the realm '\(realm)' is not a URL")
        }
        var items = components.queryItems ?? []
        if let service { items.append(URLQueryItem(name: "service", value: service)) }
        for scope in scopes { items.append(URLQueryItem(name: "scope", value: scope.description)) }
        if let (username, _) = basic { items.append(URLQueryItem(name: "account", value: username)) }
        components.queryItems = items.isEmpty ? nil : items
        // URLComponents leaves '+' alone, which form decoders read as a space.
        components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        var headers: [HTTPHeader] = []
        if let (username, password) = basic {
            headers.append(HTTPHeader("Authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString()))
        }
        let response = try send(client: client, HTTPRequest(method: "GET", url: components.string ?? realm, headers: headers))
        return try decode(response, client: client)
    }

    private func send(client: RegistryClient, _ request: HTTPRequest) throws(RegistryError) -> HTTPResponse {
        var attempt = 0
        while true {
            do {
                // The request carries its own Authorization (for the token service, not the registry).
                let authorization = request.headers.first { $0.name == "Authorization" }?.value
                let response = try client.sendOnce(request, authorization: authorization, bodyLimit: Self.responseLimit)
                if RetryPolicy.retryableStatuses.contains(response.status), attempt < client.retry.retries {
                    client.retry.sleep(seconds: client.retry.delay(attempt: attempt, retryAfter: response.header("Retry-After")))
                    attempt += 1
                    continue
                }
                return response
            } catch {
                if case .transport(let failure) = error, failure.isRetryable, attempt < client.retry.retries {
                    client.retry.sleep(seconds: client.retry.delay(attempt: attempt, retryAfter: nil))
                    attempt += 1
                    continue
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
        return Result(token: token, lifetime: decoded.lifetime)
    }

    /// application/x-www-form-urlencoded: unreserved characters stay, everything else is %XX.
    static func formEncode(_ pairs: [(String, String)]) -> String {
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text }
        return pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }
}
