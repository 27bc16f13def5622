#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// Where `wasmpack login` saves credentials and `wasmpack logout` removes them, as docker does:
/// through the helper Docker's config names for the host, otherwise in that config's `auths`.
// docker/cli cli/config/credentials/file_store.go and native_store.go; registry-auth.md §3.1–3.2.
public struct CredentialStore: Sendable {
    /// Where credentials went (or were removed from).
    public enum Saved: Sendable, Equatable {
        /// The helper's program name, e.g. `docker-credential-desktop`.
        case helper(String)
        /// The Docker config file.
        case configFile(String)
    }

    public var environment: [String: String]
    public var helpers: CredentialHelperRunner

    public init(environment: [String: String], helpers: CredentialHelperRunner? = nil) {
        self.environment = environment
        self.helpers = helpers ?? CredentialHelperRunner(environment: environment)
    }

    /// The Docker config this store reads and writes.
    public var configPath: String { DockerConfig.defaultPath(environment: environment) }

    /// Saves a password, or the identity token a token service returned (which then replaces the
    /// password, as docker does: a helper gets Username `<token>`, the file `auth` "user:" plus
    /// `identitytoken`). Every other key of an existing config is kept.
    public func save(host: String, username: String, password: String?, identityToken: String?) throws(CredentialError) -> Saved {
        let token = identityToken.flatMap { $0.isEmpty ? nil : $0 }
        guard token != nil || !(password ?? "").isEmpty else { throw .missingSecret(host: host) }
        guard token != nil || !username.isEmpty else { throw .emptyUsername(host: host) }
        let path = configPath
        let object = try JSONObjectFile.object(at: path) ?? [:]
        let key = RegistryKey.serverKey(for: host)

        let stored = try DockerConfig.helperSettings(in: object, path: path).withHelper(for: host) { name throws(CredentialError) in
            try helpers.store(
                helper: name, serverURL: key,
                username: token == nil ? username : CredentialHelperRunner.identityTokenUsername,
                secret: token ?? password ?? "")
        }
        if let stored { return .helper(helpers.program(stored.helper)) }

        var auths = try AuthEntry.rawEntries(in: object, path: path)
        auths[key] = AuthEntry.json(username: username, password: password, identityToken: token)
        var updated = object
        updated["auths"] = auths
        try JSONObjectFile.replace(path, with: updated)
        return .configFile(path)
    }

    /// Removes what is stored for `host`: from its helper, and every `auths` key that names the
    /// host in any spelling (docker's logout removes `host`, `http://host` and `https://host`),
    /// so nothing is left for a later lookup to find. nil when nothing was stored.
    public func remove(host: String) throws(CredentialError) -> Saved? {
        let path = configPath
        guard let object = try JSONObjectFile.object(at: path) else { return nil }
        let key = RegistryKey.serverKey(for: host)

        let erased = try DockerConfig.helperSettings(in: object, path: path).withHelper(for: host) { name throws(CredentialError) -> Bool in
            guard try helpers.get(helper: name, serverURL: key) != nil else { return false }
            try helpers.erase(helper: name, serverURL: key)
            return true
        }
        var removed: Saved? = erased.flatMap { $0.result ? .helper(helpers.program($0.helper)) : nil }

        var auths = try AuthEntry.rawEntries(in: object, path: path)
        let keys = RegistryKey.allKeys(for: host, among: auths.keys)
        guard !keys.isEmpty else { return removed }
        // `{}` entries docker leaves beside a helper hold nothing; a broken entry counts as stored.
        let heldSecret = keys.contains { spelling in
            guard let json = auths[spelling] else { return false }
            do { return try AuthEntry(key: spelling, json: json, path: path).credentials != nil } catch { return true }
        }
        for spelling in keys { auths[spelling] = nil }
        var updated = object
        updated["auths"] = auths
        try JSONObjectFile.replace(path, with: updated)
        if removed == nil && heldSecret { removed = .configFile(path) }
        return removed
    }
}
