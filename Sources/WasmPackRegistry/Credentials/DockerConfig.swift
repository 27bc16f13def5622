#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// The credential parts of Docker's `config.json`: `auths`, `credsStore`, `credHelpers`.
// docker/cli cli/config/config.go, cli/config/configfile/file.go; registry-auth.md §3.1–3.2.
public struct DockerConfig: Sendable {
    /// The file this was read from (it may not exist).
    public var path: String
    /// Registry key → helper name (`docker-credential-NAME`) for that registry only.
    public var credHelpers: [String: String]
    /// The helper for every registry without a `credHelpers` entry.
    public var credsStore: String?
    /// Entries by their key as written in the file.
    public var auths: [String: AuthEntry]

    public init(path: String, credHelpers: [String: String] = [:], credsStore: String? = nil, auths: [String: AuthEntry] = [:]) {
        self.path = path
        self.credHelpers = credHelpers
        self.credsStore = credsStore
        self.auths = auths
    }

    /// `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`.
    public static func defaultPath(environment: [String: String]) -> String {
        if let directory = environment["DOCKER_CONFIG"], !directory.isEmpty { return directory + "/config.json" }
        let home = SystemCall.homeDirectory(environment: environment)
        return home + "/.docker/config.json"
    }

    /// Reads `path`; a missing file is an empty config, a file that is not JSON is an error naming it.
    public static func load(path: String) throws(CredentialError) -> DockerConfig {
        guard let object = try JSONObjectFile.object(at: path) else { return DockerConfig(path: path) }
        return try DockerConfig(object: object, path: path)
    }

    /// The config within an already-read file.
    init(object: [String: Any], path: String) throws(CredentialError) {
        self = try Self.helperSettings(in: object, path: path)
        auths = try AuthEntry.entries(in: object, path: path)
    }

    /// `credHelpers` and `credsStore` only: saving a login must not fail over a broken `auths`
    /// entry, least of all the one the login is about to replace.
    static func helperSettings(in object: [String: Any], path: String) throws(CredentialError) -> DockerConfig {
        var credHelpers: [String: String] = [:]
        if let value = object["credHelpers"], !(value is JSONNull) {
            guard let helpers = value as? [String: Any] else { throw .invalidFile(path: path, reason: "\"credHelpers\" is not an object") }
            for (key, name) in helpers {
                guard let name = name as? String else { throw .invalidFile(path: path, reason: "\"credHelpers\" entry \"\(key)\" is not a string") }
                credHelpers[key] = name
            }
        }
        var credsStore: String?
        if let value = object["credsStore"], !(value is JSONNull) {
            guard let name = value as? String else { throw .invalidFile(path: path, reason: "\"credsStore\" is not a string") }
            credsStore = name
        }
        return DockerConfig(path: path, credHelpers: credHelpers, credsStore: credsStore)
    }

    /// The entry for a registry host, matched the way docker does: the key docker writes
    /// (`https://index.docker.io/v1/` for Docker Hub, else the host) first, then any key that names
    /// the host once scheme and path are dropped (`https://host/v1/`, `http://host`, `host/v2/`).
    public func authEntry(for host: String) -> AuthEntry? {
        RegistryKey.bestKey(for: host, among: auths.keys).flatMap { auths[$0] }
    }

    /// The helper that holds `host`'s credentials: `credHelpers` for it, else `credsStore`; with
    /// the setting that chose it, for a "not found" error the user can act on.
    func configuredHelper(for host: String) -> (name: String, configuredBy: String)? {
        if let key = RegistryKey.bestKey(for: host, among: credHelpers.keys), let name = credHelpers[key], !name.isEmpty {
            return (name, "the \"credHelpers\" entry \"\(key)\" from \(path)")
        }
        if let credsStore, !credsStore.isEmpty {
            return (credsStore, "\"credsStore\" from \(path)")
        }
        return nil
    }

    /// Runs `body` with the helper configured for `host` (nil when there is none), turning a
    /// missing executable into an error that names the setting to remove.
    func withHelper<Value>(
        for host: String, _ body: (String) throws(CredentialError) -> Value
    ) throws(CredentialError) -> (helper: String, result: Value)? {
        guard let helper = configuredHelper(for: host) else { return nil }
        do {
            return (helper.name, try body(helper.name))
        } catch {
            guard case .helperNotFound(let program, nil) = error else { throw error }
            throw .helperNotFound(helper: program, configuredBy: helper.configuredBy)
        }
    }

    /// Credentials from this config alone, in docker's order: `credHelpers[host]`, else
    /// `credsStore`, then `auths[host]`.
    ///
    /// Docker stops at the helper; wasmpack still reads `auths` when the helper has nothing,
    /// because CI scripts often write `auths` into a config whose `credsStore` came with Docker
    /// Desktop, and the helper's empty answer would otherwise hide working credentials.
    public func credentials(for host: String, helpers: CredentialHelperRunner) throws(CredentialError) -> ResolvedCredentials? {
        let fromHelper = try withHelper(for: host) { name throws(CredentialError) in
            try helpers.get(helper: name, serverURL: RegistryKey.serverKey(for: host))
        }
        if let fromHelper, let found = fromHelper.result {
            return ResolvedCredentials(credentials: found, source: "credential helper \(helpers.program(fromHelper.helper))")
        }
        guard let credentials = authEntry(for: host)?.credentials else { return nil }
        return ResolvedCredentials(credentials: credentials, source: "docker config \(path) (auths)")
    }
}
