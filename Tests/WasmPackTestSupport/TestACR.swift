import Foundation

/// Azure Container Registry as a client meets it, on loopback, for one test: a real CNCF
/// distribution registry behind ACR's token server, an Azure AD (Entra ID) token endpoint, and
/// ACR's redirect of blob downloads to Azure Storage (Services/acr_service.py). Like TestRegistry
/// it is stopped by `stop()` or when released, and never outlives the test process.
///
///     let acr = try TestACR.start()
///     defer { acr.stop() }
///     // AZURE_AUTHORITY_HOST=acr.aadAuthorityHost AZURE_TENANT_ID=acr.tenantID
///     // AZURE_CLIENT_ID=acr.clientID AZURE_CLIENT_SECRET=acr.clientSecret
///     // (or AZURE_FEDERATED_TOKEN_FILE=acr.federatedTokenFile), then push to "\(acr.host)/app:v1"
///
/// Endpoints (all plain HTTP on 127.0.0.1):
/// - `host` (the front): forwards to the registry. When `Options.redirectBlobDownloads` is on, a
///   `GET /v2/<name>/blobs/<digest>` the registry would answer 200 for these credentials gets
///   `307 Temporary Redirect` with `Location: http://127.0.0.1:SPORT/blobs/<key>?sv=…&se=…&sr=b&sp=r&sig=…`
///   and `Docker-Content-Digest`. The storage server there serves the bytes (GET/HEAD, Range) for
///   20 minutes without credentials; a request carrying `Authorization` gets `403`
///   `InvalidAuthenticationInfo` and sets `storageSawAuthorization`. HEAD on blobs is not redirected.
///   The front also refuses Bearer tokens past their `exp` with the registry's 401 challenge
///   (distribution itself allows a minute of leeway), so short `accessTokenLifetime`s work.
/// - `tokenRealm` / `exchangeURL`: ACR's `/oauth2/token` (POST `grant_type=refresh_token` or
///   `password`, GET with Basic) answering `{"access_token": JWT}` only, and `/oauth2/exchange`
///   (POST `grant_type=access_token` with an AAD token) answering `{"refresh_token": JWT}`.
///   Errors: 400 or 401 with `{"errors":[{"code","message"}]}`.
/// - `aadAuthorityHost`: `POST {tenant}/oauth2/v2.0/token` with `grant_type=client_credentials`,
///   `client_id`, `scope=https://containerregistry.azure.net/.default` and `client_secret` or a
///   jwt-bearer `client_assertion` (the token in `federatedTokenFile`) answering
///   `{"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":JWT}`; errors
///   as AAD sends them (`{"error":"invalid_client","error_description":"AADSTS7000215: …",…}`).
///
/// AAD tokens, ACR refresh tokens and ACR access tokens are RS256 JWTs signed with three different
/// keys: only access tokens are accepted by the registry.
public final class TestACR: @unchecked Sendable {
    public struct Options: Sendable {
        /// Seconds from issue to the `exp` of ACR access tokens (ACR itself: 75 minutes).
        public var accessTokenLifetime: Int = 300
        /// Seconds from issue to the `exp` of ACR refresh tokens (ACR itself: about 3 hours).
        public var refreshTokenLifetime: Int = 3600
        /// Answer blob GETs with a 307 to the storage server, as ACR does.
        public var redirectBlobDownloads: Bool = true

        public init() {}
    }

    /// The username that tells ACR the password is an ACR refresh token.
    public static let nullGUID = "00000000-0000-0000-0000-000000000000"
    /// The audience of AAD tokens ACR takes, and the scope to ask AAD for.
    public static let aadAudience = "https://containerregistry.azure.net"
    public static let aadScope = "https://containerregistry.azure.net/.default"
    /// The `iss` of ACR's refresh and access tokens (and the registry's `auth.token.issuer`).
    public static let tokenIssuer = "Azure Container Registry"
    /// The `client_assertion_type` of a federated credential.
    public static let jwtBearerAssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    public let options: Options
    /// "127.0.0.1:PORT": the front, what a client puts in references.
    public let host: String
    /// "http://127.0.0.1:TPORT/oauth2/token": the realm of the Bearer challenge.
    public let tokenRealm: String
    /// "http://127.0.0.1:TPORT/oauth2/exchange": same origin as the realm, as `az` derives it.
    public let exchangeURL: String
    /// The `service` of the challenge: equal to `host`, as ACR uses its login server.
    public let service: String
    /// "http://127.0.0.1:APORT/": what `AZURE_AUTHORITY_HOST` names.
    public let aadAuthorityHost: String
    /// The registered app: tenant and client are GUIDs, the secret is random for each run.
    public let tenantID: String
    public let clientID: String
    public let clientSecret: String
    /// The environment of a service principal with a client secret, as CI sets it for wasmpack.
    public var servicePrincipalEnvironment: [String: String] {
        ["AZURE_CLIENT_ID": clientID, "AZURE_TENANT_ID": tenantID, "AZURE_CLIENT_SECRET": clientSecret,
         "AZURE_AUTHORITY_HOST": aadAuthorityHost]
    }
    /// A file holding a valid client assertion (a projected service-account token, valid for a day)
    /// for the app, as `AZURE_FEDERATED_TOKEN_FILE` names.
    public let federatedTokenFile: String
    /// ACR's admin user: Basic credentials on the token endpoint (not on /v2/).
    public let adminUsername: String
    public let adminPassword: String
    /// "127.0.0.1:PORT" of the distribution registry itself, bypassing the front.
    public let registryHost: String
    /// "http://127.0.0.1:SPORT": the storage server blob downloads are redirected to.
    public let storageBaseURL: String

    private let group: ServiceGroup
    private let tokenBaseURL: String
    private let controlHeaderFile: String

    /// Whether TestACR can run here: what TestRegistry needs, plus curl for the test's own control
    /// requests. Always true under WASMPACK_REQUIRE_PEERS=1.
    public static var isAvailable: Bool {
        TestRegistry.isAvailable && (ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1"
            || FileManager.default.isExecutableFile(atPath: curl))
    }

    static let curl = "/usr/bin/curl"

    private struct Ports: Decodable {
        var token: Int
        var aad: Int
        var storage: Int
        var front: Int
    }

    /// Starts the emulator and the registry and returns once both answer.
    public static func start(_ options: Options = Options()) throws -> TestACR {
        for tool in [TestRegistry.registryExecutable, curl] where !FileManager.default.isExecutableFile(atPath: tool) {
            throw TestServiceError.missingTool(path: tool)
        }
        let group = try ServiceGroup(label: "acr")
        let directory = group.directory
        do {
            let tenantID = UUID().uuidString.lowercased()
            let clientID = UUID().uuidString.lowercased()
            let clientSecret = randomToken()
            let adminUsername = "wasmpacktest"
            let adminPassword = randomToken()
            let controlSecret = randomToken()
            let config: [String: Any] = [
                "tenant_id": tenantID, "client_id": clientID, "client_secret": clientSecret,
                "admin_username": adminUsername, "admin_password": adminPassword, "control_secret": controlSecret,
                "access_token_lifetime": options.accessTokenLifetime,
                "refresh_token_lifetime": options.refreshTokenLifetime,
                "redirect_blob_downloads": options.redirectBlobDownloads,
            ]
            let configFile = try directory.write("acr-config.json", try JSONSerialization.data(withJSONObject: config))
            // A header file for curl's -H @FILE keeps the control secret off command lines.
            let controlHeaderFile = try directory.write("control-header", "X-Emulator-Control: \(controlSecret)\n")
            let certificate = directory.file("acr-token-signing.pem")
            let federatedTokenFile = directory.file("azure-identity-token")

            _ = try group.start("acr", script: "acr_service.py", arguments: [
                "--config", configFile, "--certificate-out", certificate, "--federated-token-out", federatedTokenFile,
                "--counts-file", directory.file("acr-counts.json"), "--storage-directory", directory.file("blob-storage"),
                "--front-log", directory.file("front-requests.log"),
            ])
            let ports = try JSONDecoder().decode(Ports.self, from: try Data(contentsOf: URL(fileURLWithPath: directory.file("acr.ready"))))
            let host = "127.0.0.1:\(ports.front)"
            let tokenBaseURL = "http://127.0.0.1:\(ports.token)"

            let configuration = RegistryConfiguration(
                rootDirectory: directory.file("storage"), secret: randomToken(),
                auth: .token(realm: tokenBaseURL + "/oauth2/token", service: host, issuer: tokenIssuer, rootCertBundle: certificate))
            let registryConfig = try directory.write("config.yml", configuration.yaml)
            let registry = try group.start("registry", script: "registry_supervisor.py", arguments: [
                "--config", registryConfig, "--log", ServiceProcess.logFile(of: "registry", in: directory),
            ])
            let registryHost = "127.0.0.1:\(registry.port)"

            let acr = TestACR(
                options: options, host: host, tokenBaseURL: tokenBaseURL, aadPort: ports.aad, storagePort: ports.storage,
                tenantID: tenantID, clientID: clientID, clientSecret: clientSecret, federatedTokenFile: federatedTokenFile,
                adminUsername: adminUsername, adminPassword: adminPassword, registryHost: registryHost,
                controlHeaderFile: controlHeaderFile, group: group)
            // The front starts forwarding only now: the registry's config needed the front's address.
            _ = try acr.control("upstream", ["upstream": registryHost])
            return acr
        } catch {
            group.stop()
            throw error
        }
    }

    private init(
        options: Options, host: String, tokenBaseURL: String, aadPort: Int, storagePort: Int, tenantID: String,
        clientID: String, clientSecret: String, federatedTokenFile: String, adminUsername: String,
        adminPassword: String, registryHost: String, controlHeaderFile: String, group: ServiceGroup
    ) {
        self.options = options
        self.host = host
        self.tokenBaseURL = tokenBaseURL
        tokenRealm = tokenBaseURL + "/oauth2/token"
        exchangeURL = tokenBaseURL + "/oauth2/exchange"
        service = host
        aadAuthorityHost = "http://127.0.0.1:\(aadPort)/"
        storageBaseURL = "http://127.0.0.1:\(storagePort)"
        self.tenantID = tenantID
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.federatedTokenFile = federatedTokenFile
        self.adminUsername = adminUsername
        self.adminPassword = adminPassword
        self.registryHost = registryHost
        self.controlHeaderFile = controlHeaderFile
        self.group = group
    }

    /// "http://\(host)".
    public var baseURL: String { "http://" + host }

    /// The AAD token endpoint of the registered tenant: "\(aadAuthorityHost)\(tenantID)/oauth2/v2.0/token".
    public var aadTokenURL: String { "\(aadAuthorityHost)\(tenantID)/oauth2/v2.0/token" }

    /// An AAD access token for the app, as `az account get-access-token --resource
    /// https://containerregistry.azure.net` prints it; not counted in `requestCounts`. A negative
    /// `expiresIn` gives an expired one, another `audience` one that ACR's exchange refuses.
    public func aadAccessToken(expiresIn: Int = 3599, audience: String = TestACR.aadAudience) throws -> String {
        try mint(["kind": "aad", "expires_in": String(expiresIn), "audience": audience])
    }

    /// An ACR refresh token for the app, as `az acr login --expose-token` prints it (in its
    /// `accessToken` field); not counted. `expiresIn` defaults to `Options.refreshTokenLifetime`.
    public func acrRefreshToken(expiresIn: Int? = nil) throws -> String {
        try mint(["kind": "acr-refresh"].merging(expiresIn.map { ["expires_in": String($0)] } ?? [:]) { $1 })
    }

    /// Another client assertion like the one in `federatedTokenFile`, e.g. an expired one.
    public func federatedToken(expiresIn: Int = 86_400) throws -> String {
        try mint(["kind": "federated", "expires_in": String(expiresIn)])
    }

    /// Whether the storage server ever received a request carrying an `Authorization` header.
    public var storageSawAuthorization: Bool {
        (requestCounts["storageWithAuthorization"] ?? 0) > 0
    }

    /// Requests answered so far, by kind: "aad" (AAD token endpoint), "aadDiscovery",
    /// "exchange", "token" (GET and POST /oauth2/token), "front" (every request to `host`),
    /// "redirect" (307s the front answered), "storage", "storageWithAuthorization". Refused requests
    /// count too; kinds not yet seen are absent.
    public var requestCounts: [String: Int] {
        guard let data = FileManager.default.contents(atPath: group.directory.file("acr-counts.json")) else { return [:] }
        return (try? JSONDecoder().decode([String: Int].self, from: data)) ?? [:]
    }

    /// "METHOD target" of every request to the front, in order (never headers).
    public var frontRequestLog: [String] {
        let text = (try? String(contentsOfFile: group.directory.file("front-requests.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// The end of the emulator's and the registry's logs, to attach to a failing expectation.
    public var logTail: String {
        group.logTail
    }

    /// Stops everything and deletes its files; safe to call more than once.
    public func stop() {
        group.stop()
    }

    private func mint(_ form: [String: String]) throws -> String {
        let answer = try control("mint", form)
        guard let token = answer["token"] as? String else {
            throw TestServiceError.commandFailed(command: "curl mint", status: 0, errorOutput: "no token in the answer")
        }
        return token
    }

    /// A test-only request to the emulator (see `control` in acr_service.py).
    private func control(_ action: String, _ form: [String: String]) throws -> [String: Any] {
        var arguments = ["--silent", "--show-error", "--noproxy", "*", "--max-time", "30", "-H", "@" + controlHeaderFile]
        for (name, value) in form.sorted(by: { $0.key < $1.key }) {
            arguments += ["--data-urlencode", "\(name)=\(value)"]
        }
        arguments += ["--write-out", "\n%{http_code}", "\(tokenBaseURL)/_emulator/\(action)"]
        let result = try ExternalCommand.run(Self.curl, arguments)
        let lines = result.text.split(separator: "\n", omittingEmptySubsequences: false)
        guard result.status == 0, lines.last == "200", let body = lines.dropLast().joined(separator: "\n").data(using: .utf8),
              let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            throw TestServiceError.commandFailed(
                command: "curl \(tokenBaseURL)/_emulator/\(action)", status: result.status,
                errorOutput: result.errorOutput + result.text)
        }
        return object
    }

    private static func randomToken() -> String {
        (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased()
    }
}
