/// What wasmpack can present to a registry or its token service.
public enum RegistryCredentials: Sendable, Equatable {
    case anonymous
    /// A user name and password (or an ACR token name and password, or a service principal).
    case basic(username: String, password: String)
    /// An OAuth2 refresh token (Docker's `identitytoken`), exchanged with `grant_type=refresh_token`.
    case identityToken(username: String?, token: String)
    /// A ready registry access token, sent as `Authorization: Bearer` directly.
    case registryToken(String)
    /// An Azure AD identity, exchanged at ACR's /oauth2/exchange for an ACR refresh token.
    case azure(AzureIdentity)

    /// Never the secret: for messages and logs.
    public var summary: String {
        switch self {
        case .anonymous: return "no credentials"
        case .basic(let username, _): return "user '\(username)'"
        case .identityToken(let username, _): return "an identity token" + (username.map { " for '\($0)'" } ?? "")
        case .registryToken: return "a registry token"
        case .azure(let identity): return identity.summary
        }
    }
}
