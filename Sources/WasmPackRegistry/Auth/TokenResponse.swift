#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

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

    /// expires_in, else the JWT's own `exp` (ACR sends no expires_in with its access tokens), else 60 s.
    /// A token may live shorter than 60 s: a 401 renews it anyway.
    var lifetime: Int {
        if let expiresIn { return max(expiresIn, 1) }
        if let bearer, let expiry = Self.jwtExpiry(bearer) { return max(Int(expiry - Date().timeIntervalSince1970), 1) }
        return 60
    }

    /// The `exp` claim of a JWT, read without verifying it (the registry verifies; we only schedule renewal).
    static func jwtExpiry(_ token: String) -> Double? {
        let parts = token.split(separator: ".")
        guard parts.count == 3 else { return nil }
        var payload = String(parts[1]).replacing("-", with: "+").replacing("_", with: "/")
        while payload.count % 4 != 0 { payload += "=" }
        struct Claims: Decodable { var exp: Double? }
        guard let data = Data(base64Encoded: payload), let claims = try? JSONDecoder().decode(Claims.self, from: data) else { return nil }
        return claims.exp
    }
}
