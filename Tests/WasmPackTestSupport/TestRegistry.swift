import Foundation

/// A real CNCF distribution registry (`docker-registry`, 2.8 on Debian 12) on a free loopback port,
/// with its storage in a temporary folder, for one test. Stopped by `stop()` or when released, and
/// never outlives the test process.
///
///     let registry = try TestRegistry.start(.tokenAuth)
///     defer { registry.stop() }
///     // push to "\(registry.host)/smoke:v1" with registry.username / registry.password
public final class TestRegistry: @unchecked Sendable {
    public enum Setup: Sendable, CaseIterable {
        /// No authentication; deletes enabled.
        case plain
        /// `auth.htpasswd` with one bcrypt user: the registry answers 401 with a Basic challenge.
        /// Deletes enabled (the user may do anything).
        case basicAuth
        /// `auth.token`: a Bearer challenge naming the token service (see `tokenRealm`), which
        /// answers like ACR: only `access_token`, `expires_in` 300. Deletes enabled: the token
        /// service grants the `delete` action that distribution asks for on a manifest DELETE.
        case tokenAuth
        /// HTTPS with a certificate from a test CA (`caFile`), no authentication.
        case tls
    }

    /// The `auth.token.service` of the token set-up: the `service` a client must ask the realm for.
    public static let tokenServiceName = "wasmpack-test-registry"
    /// The `auth.token.issuer` of the token set-up (the `iss` of its tokens).
    public static let tokenIssuer = "wasmpack-test-token-service"

    public let setup: Setup
    /// "127.0.0.1:PORT": what goes in an image reference.
    public let host: String
    /// "http://127.0.0.1:PORT", or https for `.tls`.
    public let baseURL: String
    /// The test user of `.basicAuth` and `.tokenAuth` ("wasmpack"); nil for the others.
    public let username: String?
    /// A random password made for this run.
    public let password: String?
    /// `.tls`: PEM of the CA that signed the registry's certificate (SAN IP:127.0.0.1, DNS:localhost).
    public let caFile: String?
    /// `.tokenAuth`: the realm of the Bearer challenge, "http://127.0.0.1:PORT/oauth2/token".
    public let tokenRealm: String?

    private let group: ServiceGroup

    /// Whether the registry and its helpers are installed (scripts/install-deps.sh --test), for
    /// `@Test(.enabled(if: TestRegistry.isAvailable))`. Always true under WASMPACK_REQUIRE_PEERS=1,
    /// where a missing peer must fail, not skip.
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1"
            || [ServiceProcess.python, registryExecutable, htpasswd, TestCertificateAuthority.openssl]
                .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static let registryExecutable = "/usr/bin/docker-registry"
    static let htpasswd = "/usr/bin/htpasswd"

    /// Starts a registry and returns once `GET /v2/` answers (200, or 401 when it wants credentials).
    /// - Parameter deletesEnabled: false gives a registry that refuses deletes (405 UNSUPPORTED),
    ///   as distribution does by default.
    public static func start(_ setup: Setup, deletesEnabled: Bool = true) throws -> TestRegistry {
        guard FileManager.default.isExecutableFile(atPath: registryExecutable) else {
            throw TestServiceError.missingTool(path: registryExecutable)
        }
        let group = try ServiceGroup(label: "registry")
        let directory = group.directory
        do {
            var configuration = RegistryConfiguration(rootDirectory: directory.file("storage"), secret: randomToken())
            configuration.deletesEnabled = deletesEnabled
            var username: String?
            var password: String?
            var caFile: String?
            var tokenRealm: String?
            switch setup {
            case .plain:
                break
            case .basicAuth:
                (username, password) = ("wasmpack", randomToken())
                // -i: the password comes on stdin, not the command line. Distribution only takes bcrypt (-B).
                let entry = try ExternalCommand.check(htpasswd, ["-B", "-i", "-n", "wasmpack"], input: Data(password!.utf8))
                configuration.auth = .htpasswd(realm: "wasmpack-test", path: try directory.write("htpasswd", entry))
            case .tokenAuth:
                (username, password) = ("wasmpack", randomToken())
                let users = try directory.write("users", "wasmpack:\(password!)\n")
                let certificate = directory.file("token-signing.pem")
                let tokenService = try group.start(
                    "token-service", script: "token_service.py",
                    arguments: [
                        "--service", tokenServiceName, "--issuer", tokenIssuer, "--users-file", users,
                        "--certificate-out", certificate, "--counter-file", directory.file("token-requests"),
                    ])
                tokenRealm = "http://127.0.0.1:\(tokenService.port)/oauth2/token"
                configuration.auth = .token(
                    realm: tokenRealm!, service: tokenServiceName, issuer: tokenIssuer, rootCertBundle: certificate)
            case .tls:
                let authority = try TestCertificateAuthority(in: directory)
                caFile = authority.caFile
                configuration.tls = (authority.certificateFile, authority.keyFile)
            }

            let config = try directory.write("config.yml", configuration.yaml)
            // The supervisor reads the registry's output (it shares the supervisor's log) for port clashes.
            var arguments = ["--config", config, "--log", ServiceProcess.logFile(of: "registry", in: directory)]
            if let caFile { arguments += ["--cafile", caFile] }
            let registry = try group.start("registry", script: "registry_supervisor.py", arguments: arguments)

            let host = "127.0.0.1:\(registry.port)"
            return TestRegistry(
                setup: setup, host: host, baseURL: (setup == .tls ? "https://" : "http://") + host,
                username: username, password: password, caFile: caFile, tokenRealm: tokenRealm,
                group: group)
        } catch {
            group.stop()
            throw error
        }
    }

    private init(
        setup: Setup, host: String, baseURL: String, username: String?, password: String?, caFile: String?,
        tokenRealm: String?, group: ServiceGroup
    ) {
        self.setup = setup
        self.host = host
        self.baseURL = baseURL
        self.username = username
        self.password = password
        self.caFile = caFile
        self.tokenRealm = tokenRealm
        self.group = group
    }

    /// `.tokenAuth`: how many token requests (GET or POST, granted or refused) the token service has
    /// answered so far; 0 for the other set-ups.
    public var tokenRequests: Int {
        let text = (try? String(contentsOfFile: group.directory.file("token-requests"), encoding: .utf8)) ?? ""
        return Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Every request the registry has answered so far, oldest first (token requests, which go to
    /// the token service, are not among them). Take `requests.count` before a step and look at
    /// what came after it to count that step's round trips.
    public var requests: [RegistryRequest] {
        RegistryRequest.parse(log: registryLog)
    }

    /// The client address:port of each request the registry handled past its auth layer, oldest
    /// first: distinct values after a step are the TCP connections that step opened or reused
    /// (readiness probes come before any test step).
    public var clientAddresses: [String] {
        RegistryRequest.remoteAddresses(log: registryLog)
    }

    private var registryLog: String {
        (try? String(contentsOfFile: ServiceProcess.logFile(of: "registry", in: group.directory), encoding: .utf8)) ?? ""
    }

    /// The end of the registry's (and token service's) log, to attach to a failing expectation.
    public var logTail: String {
        group.logTail
    }

    /// Stops the registry (and token service) and deletes its storage; safe to call more than once.
    public func stop() {
        group.stop()
    }

    private static func randomToken() -> String {
        (UUID().uuidString + UUID().uuidString).replacingOccurrences(of: "-", with: "").lowercased()
    }
}
