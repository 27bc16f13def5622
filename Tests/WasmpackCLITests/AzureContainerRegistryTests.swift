import Foundation
import Testing
import WasmPackTestSupport

/// ACR token auth end to end: emulated Azure AD and ACR token endpoints in front of a real
/// registry, blob downloads redirected to a "storage" port that must never see credentials.
@Suite("Azure Container Registry", .enabled(if: TestRegistry.isAvailable))
struct AzureContainerRegistryTests {
    let cli = Wasmpack()

    func home() throws -> CredentialSourceTests.Home { try CredentialSourceTests.Home(cli) }

    /// Push then pull with --acr and the given environment; checks the storage never saw Authorization.
    func pushAndPull(_ acr: TestACR, _ repository: String, environment: [String: String], input: String = "", extra: [String] = []) throws -> String {
        let home = try home()
        let env = home.environment.merging(environment) { $1 }
        let push = try cli.run(["push", "\(acr.host)/\(repository):v1", "v1-wagi", "--acr", "--verbose"] + extra, environment: env, input: input)
        #expect(push.status == 0, "\(push.stderr)")
        let pull = try cli.run(["pull", "\(acr.host)/\(repository):v1", "-o", home.root + "/pulled", "--acr", "--verbose"] + extra, environment: env, input: input)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(!acr.storageSawAuthorization)
        return push.stderr + pull.stderr
    }

    @Test func aServicePrincipalSecretIsExchangedForACRTokens() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let log = try pushAndPull(acr, "sp/app", environment: acr.servicePrincipalEnvironment)
        #expect(log.contains("Azure service principal"), "\(log)")
        #expect(!log.contains(acr.clientSecret))
        #expect((acr.requestCounts["storage"] ?? 0) >= 1)
    }

    @Test func workloadIdentityFederationUsesTheTokenFile() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let log = try pushAndPull(acr, "wi/app", environment: [
            "AZURE_CLIENT_ID": acr.clientID, "AZURE_TENANT_ID": acr.tenantID, "AZURE_FEDERATED_TOKEN_FILE": acr.federatedTokenFile,
            "AZURE_AUTHORITY_HOST": acr.aadAuthorityHost,
        ])
        #expect(log.contains("workload identity"), "\(log)")
    }

    @Test func aReadyAzureADTokenAndTheAzureCLIWork() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let token = try acr.aadAccessToken()
        let log = try pushAndPull(acr, "aadtoken/app", environment: ["AZURE_ACCESS_TOKEN": token])
        #expect(!log.contains(token))

        let home = try home()
        _ = try FakeTools.writeAz(into: home.bin, accessToken: try acr.aadAccessToken())
        let push = try cli.run(["push", "\(acr.host)/cli/app:v1", "v1-wagi", "--acr", "--verbose"], environment: home.environment)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stderr.contains("Azure CLI"), "\(push.stderr)")
    }

    @Test func theNullGUIDUserMeansAnACRRefreshToken() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let refresh = try acr.acrRefreshToken()
        let log = try pushAndPull(acr, "guid/app", environment: [:], input: refresh,
                                  extra: ["-u", "00000000-0000-0000-0000-000000000000", "--password-stdin"])
        #expect(!log.contains(refresh))

        // `az acr login` leaves the same token in Docker's config as identitytoken.
        let home = try home()
        try home.writeDockerConfig(["auths": [acr.host: ["auth": Data("00000000-0000-0000-0000-000000000000:".utf8).base64EncodedString(), "identitytoken": refresh]]])
        let push = try cli.run(["push", "\(acr.host)/azlogin/app:v1", "v1-wagi", "--acr"], environment: home.environment)
        #expect(push.status == 0, "\(push.stderr)")
    }

    @Test func theAdminUserIsPlainBasicCredentials() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        _ = try pushAndPull(acr, "admin/app", environment: ["WASMPACK_USERNAME": acr.adminUsername, "WASMPACK_PASSWORD": acr.adminPassword])
    }

    @Test func anExpiredACRRefreshTokenSaysToLogInAgain() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let expired = try acr.acrRefreshToken(expiresIn: 1)
        Thread.sleep(forTimeInterval: 2)
        let push = try cli.run(["push", "\(acr.host)/expired/app:v1", "v1-wagi", "--acr", "-u", "00000000-0000-0000-0000-000000000000", "--password-stdin"],
                                    environment: try home().environment, input: expired)
        #expect(push.status != 0)
        #expect(push.stderr.contains("az acr login -n"), "\(push.stderr)")
        #expect(!push.stderr.contains(expired))
    }

    @Test func refusedAndExpiredAzureTokensSayWhatToDo() throws {
        let acr = try TestACR.start()
        defer { acr.stop() }
        let home = try home()
        let wrongSecret = try cli.run(["push", "\(acr.host)/fail/app:v1", "v1-wagi", "--acr"], environment: home.environment.merging([
            "AZURE_CLIENT_ID": acr.clientID, "AZURE_TENANT_ID": acr.tenantID, "AZURE_CLIENT_SECRET": "not-the-secret",
            "AZURE_AUTHORITY_HOST": acr.aadAuthorityHost,
        ]) { $1 })
        #expect(wrongSecret.status != 0)
        #expect(wrongSecret.stderr.contains("AZURE_CLIENT_ID"), "\(wrongSecret.stderr)")
        #expect(!wrongSecret.stderr.contains("not-the-secret"))

        let forged = try cli.run(["push", "\(acr.host)/fail/app:v1", "v1-wagi", "--acr"],
                                      environment: home.environment.merging(["AZURE_ACCESS_TOKEN": "eyJhbGciOiJub25lIn0.eyJleHAiOjF9.x"]) { $1 })
        #expect(forged.status != 0)
        #expect(forged.stderr.contains("refused the Azure AD token (401): run 'az acr login -n"), "\(forged.stderr)")
    }
}
