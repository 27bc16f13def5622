import WasmPackPlatform
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Runs Docker credential helpers (`docker-credential-NAME` on PATH).
// docker/cli docs/reference/commandline/login.md "Credential helper protocol";
// docker-credential-helpers client/client.go and credentials/error.go.
public struct CredentialHelperRunner: Sendable {
    /// What helpers see and where they are looked up (`PATH`).
    public var environment: [String: String]
    /// Seconds before a helper is stopped; a keychain prompt nobody answers must not hang a push.
    public var timeout: Double

    public init(environment: [String: String], timeout: Double = 30) {
        self.environment = environment
        self.timeout = timeout
    }

    /// The helper's answer on stdout, as docker-credential-helpers encodes it.
    struct Message: Codable {
        var ServerURL: String?
        var Username: String?
        var Secret: String?
    }

    /// `Username` docker's helpers use to mark `Secret` as an identity token rather than a password.
    static let identityTokenUsername = "<token>"

    /// `docker-credential-NAME get` with the server URL on stdin. nil when the helper has nothing for it.
    public func get(helper: String, serverURL: String) throws(CredentialError) -> RegistryCredentials? {
        let result = try run(helper: helper, action: "get", serverURL: serverURL, input: Array(serverURL.utf8))
        guard result.status == 0 else {
            if Self.isNotFound(result) { return nil }
            throw .helperFailed(helper: program(helper), action: "get", serverURL: serverURL, status: result.status)
        }
        guard let message = try? JSONDecoder().decode(Message.self, from: Data(result.stdout)) else {
            throw .helperInvalidOutput(helper: program(helper), action: "get")
        }
        guard let secret = message.Secret, !secret.isEmpty else { return nil }
        let username = message.Username ?? ""
        // ACR's helper prints an empty ServerURL, so it is not checked against what was asked.
        if username == Self.identityTokenUsername { return .identityToken(username: nil, token: secret) }
        return .basic(username: username, password: secret)
    }

    /// `docker-credential-NAME store` with `{"ServerURL","Username","Secret"}` on stdin.
    public func store(helper: String, serverURL: String, username: String, secret: String) throws(CredentialError) {
        let message = Message(ServerURL: serverURL, Username: username, Secret: secret)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let input = try? encoder.encode(message) else {
            throw .helperNotStarted(helper: program(helper), reason: "the credentials cannot be encoded as JSON")
        }
        let result = try run(helper: helper, action: "store", serverURL: serverURL, input: Array(input))
        guard result.status == 0 else {
            throw .helperFailed(helper: program(helper), action: "store", serverURL: serverURL, status: result.status)
        }
    }

    /// `docker-credential-NAME erase` with the server URL on stdin; erasing what is not there is not an error.
    public func erase(helper: String, serverURL: String) throws(CredentialError) {
        let result = try run(helper: helper, action: "erase", serverURL: serverURL, input: Array(serverURL.utf8))
        guard result.status == 0 || Self.isNotFound(result) else {
            throw .helperFailed(helper: program(helper), action: "erase", serverURL: serverURL, status: result.status)
        }
    }

    /// The executable's name: `docker-credential-` + the name config.json gives.
    func program(_ helper: String) -> String { "docker-credential-" + helper }

    /// Where PATH (from `environment`, not this process) finds the helper.
    func executablePath(_ helper: String) -> String? {
        let name = program(helper)
        // A name with a slash would step out of PATH; docker would not find it either.
        guard !helper.isEmpty, !helper.contains("/") else { return nil }
        for directory in (environment["PATH"] ?? "").split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = directory + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// "credentials not found in native keychain" and its variants, on stdout (docker reads that) or stderr.
    private static func isNotFound(_ result: HelperProcess.Result) -> Bool {
        [result.stdout, result.stderr].contains {
            String(decoding: $0, as: UTF8.self).lowercased().contains("credentials not found")
        }
    }

    private func run(helper: String, action: String, serverURL: String, input: [UInt8]) throws(CredentialError) -> HelperProcess.Result {
        guard let executable = executablePath(helper) else {
            throw .helperNotFound(helper: program(helper), configuredBy: nil)
        }
        do {
            return try HelperProcess.run(
                executable: executable, arguments: [action], environment: environment, input: input, timeout: timeout)
        } catch {
            switch error {
            case .timedOut:
                throw .helperTimedOut(helper: program(helper), action: action, seconds: timeout)
            case .spawn(let code):
                throw .helperNotStarted(helper: program(helper), reason: String(cString: strerror(code)))
            }
        }
    }
}
