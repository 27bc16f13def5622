#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// Gets an Azure AD access token for ACR from an `AzureIdentity`.
struct AzureADTokenRequest {
    var identity: AzureIdentity

    func perform(client: RegistryClient) throws(RegistryError) -> String {
        switch identity {
        case .accessToken(let token):
            return token
        case .clientSecret(let tenant, let clientID, let secret, let authority):
            return try clientCredentials(client: client, tenant: tenant, authority: authority, form: [
                ("grant_type", "client_credentials"), ("client_id", clientID), ("client_secret", secret),
                ("scope", AzureIdentity.containerRegistryScope),
            ])
        case .federated(let tenant, let clientID, let file, let authority):
            guard let assertion = try? String(contentsOfFile: file, encoding: .utf8)
                .trimmedWhitespaceAndNewlines, !assertion.isEmpty else {
                throw .azure(detail: "cannot read the federated token file '\(file)' (AZURE_FEDERATED_TOKEN_FILE); check that the workload identity webhook or azure/login wrote it")
            }
            return try clientCredentials(client: client, tenant: tenant, authority: authority, form: [
                ("grant_type", "client_credentials"), ("client_id", clientID),
                ("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"),
                ("client_assertion", assertion), ("scope", AzureIdentity.containerRegistryScope),
            ])
        case .azureCLI(let executable):
            return try AzureCLI(executable: executable).accessToken()
        }
    }

    private func clientCredentials(
        client: RegistryClient, tenant: String, authority: String, form: [(String, String)]
    ) throws(RegistryError) -> String {
        let base = authority.hasSuffix("/") ? authority : authority + "/"
        let url = "\(base)\(tenant)/oauth2/v2.0/token"
        let request = HTTPRequest(
            method: "POST", url: url, headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
            body: .bytes(Array(TokenRequest.formEncode(form).utf8)))
        let response: HTTPResponse
        do {
            response = try client.sendOnce(request, authorization: nil, bodyLimit: TokenRequest.responseLimit)
        } catch {
            if case .transport(let failure) = error, failure.isBodyTooLarge {
                throw .tooLarge(what: "Azure AD's answer from \(URLOrigin.redacted(url))", limit: Int64(TokenRequest.responseLimit))
            }
            throw error
        }
        struct Answer: Decodable {
            var access_token: String?
            var error: String?
            var error_description: String?
        }
        let answer = try? JSONDecoder().decode(Answer.self, from: Data(response.body))
        guard response.status == 200, let token = answer?.access_token, !token.isEmpty else {
            let reason = answer?.error.map { " (\($0))" } ?? ""
            throw .azure(detail: "Azure AD at \(URLOrigin.redacted(url)) refused \(identity.summary): HTTP \(response.status)\(reason); check AZURE_CLIENT_ID, AZURE_TENANT_ID and the secret or federated credential")
        }
        return token
    }
}
