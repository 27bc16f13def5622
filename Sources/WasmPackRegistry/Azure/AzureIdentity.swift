/// An Azure AD (Entra ID) identity whose access token ACR exchanges for a refresh token.
///
/// Resolved lazily: nothing talks to Azure AD until the registry asks for a token.
public enum AzureIdentity: Sendable, Equatable {
    /// A ready AAD access token (AZURE_ACCESS_TOKEN).
    case accessToken(String)
    /// A service principal with a client secret (AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_CLIENT_SECRET).
    case clientSecret(tenant: String, clientID: String, secret: String, authorityHost: String)
    /// Workload identity federation: a signed assertion in a file (AKS workload identity, GitHub
    /// Actions OIDC through azure/login) — AZURE_CLIENT_ID, AZURE_TENANT_ID, AZURE_FEDERATED_TOKEN_FILE.
    case federated(tenant: String, clientID: String, tokenFile: String, authorityHost: String)
    /// `az account get-access-token --resource https://containerregistry.azure.net`.
    case azureCLI(executable: String)

    /// The resource ACR's exchange expects the AAD token to be for.
    public static let containerRegistryScope = "https://containerregistry.azure.net/.default"
    public static let containerRegistryResource = "https://containerregistry.azure.net"
    public static let defaultAuthorityHost = "https://login.microsoftonline.com/"

    /// The tenant, when known, for the exchange form.
    public var tenant: String? {
        switch self {
        case .clientSecret(let tenant, _, _, _), .federated(let tenant, _, _, _): return tenant
        case .accessToken, .azureCLI: return nil
        }
    }

    /// For `--verbose` and messages; never the secret.
    public var summary: String {
        switch self {
        case .accessToken: return "the Azure AD token in AZURE_ACCESS_TOKEN"
        case .clientSecret(_, let clientID, _, _): return "Azure service principal \(clientID) (client secret)"
        case .federated(_, let clientID, let file, _): return "Azure workload identity \(clientID) (federated token \(file))"
        case .azureCLI(let executable): return "the Azure CLI (\(executable))"
        }
    }

    /// The first identity the environment offers, in the order: a ready token, a client secret,
    /// a federated token file, then the `az` executable on PATH.
    public static func fromEnvironment(_ environment: [String: String]) -> AzureIdentity? {
        let authority = environment["AZURE_AUTHORITY_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultAuthorityHost
        if let token = environment["AZURE_ACCESS_TOKEN"], !token.isEmpty { return .accessToken(token) }
        if let clientID = environment["AZURE_CLIENT_ID"], let tenant = environment["AZURE_TENANT_ID"], !clientID.isEmpty, !tenant.isEmpty {
            if let secret = environment["AZURE_CLIENT_SECRET"], !secret.isEmpty {
                return .clientSecret(tenant: tenant, clientID: clientID, secret: secret, authorityHost: authority)
            }
            if let file = environment["AZURE_FEDERATED_TOKEN_FILE"], !file.isEmpty {
                return .federated(tenant: tenant, clientID: clientID, tokenFile: file, authorityHost: authority)
            }
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = String(directory) + "/az"
            if access(candidate, X_OK) == 0 { return .azureCLI(executable: candidate) }
        }
        return nil
    }
}

import WasmPackPlatform
