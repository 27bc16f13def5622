/// A token service's answer. distribution's spec names the field `token`, OAuth2 names it
/// `access_token`, and ACR sends only `access_token`: accept either, prefer `access_token`.
// https://distribution.github.io/distribution/spec/auth/token/#token-response-fields
struct TokenResponse: Decodable {
    var token: String?
    var accessToken: String?
    var expiresIn: Int?
    var refreshToken: String?

    enum CodingKeys: String, CodingKey {
        case token
        case accessToken = "access_token"
        case expiresIn = "expires_in"
        case refreshToken = "refresh_token"
    }

    var bearer: String? {
        if let accessToken, !accessToken.isEmpty { return accessToken }
        if let token, !token.isEmpty { return token }
        return nil
    }

    /// At least 60 s: the spec says tokens should not live less, and a missing value means 60.
    var lifetime: Int { max(expiresIn ?? 60, 60) }
}
