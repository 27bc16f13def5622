import WasmPackPlatform
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `auth.json` of podman, skopeo and buildah: the `auths` schema of Docker's config, but keys
/// may name a namespace (`host/ns/repo`, `host/ns`, `host`) so one registry can hold several logins.
// containers/image docs/containers-auth.json.5.md, pkg/docker/config/config.go; registry-auth.md §3.4.
// Its `credHelpers` are not run: podman users who want helpers configure them in Docker's config.
public struct ContainersAuthFile: Sendable {
    public var path: String
    /// Entries by their key as written in the file.
    public var auths: [String: AuthEntry]

    public init(path: String, auths: [String: AuthEntry] = [:]) {
        self.path = path
        self.auths = auths
    }

    /// `$REGISTRY_AUTH_FILE` alone when set (podman/skopeo/buildah honour it as an override); else
    /// the runtime file podman writes (`$XDG_RUNTIME_DIR/containers/auth.json`, or
    /// `/run/containers/UID/auth.json` without XDG_RUNTIME_DIR), then the persistent fallback
    /// `${XDG_CONFIG_HOME:-$HOME/.config}/containers/auth.json`. Docker's config is read elsewhere.
    public static func defaultPaths(environment: [String: String]) -> [String] {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let override = value("REGISTRY_AUTH_FILE") { return [override] }
        let runtime = value("XDG_RUNTIME_DIR").map { $0 + "/containers/auth.json" } ?? "/run/containers/\(getuid())/auth.json"
        let config = value("XDG_CONFIG_HOME") ?? ((value("HOME") ?? SystemCall.homeDirectory(environment: [:])) + "/.config")
        return [runtime, config + "/containers/auth.json"]
    }

    /// Reads `path`; a missing file has no entries, a file that is not JSON is an error naming it.
    public static func load(path: String) throws(CredentialError) -> ContainersAuthFile {
        guard let object = try JSONObjectFile.object(at: path) else { return ContainersAuthFile(path: path) }
        return ContainersAuthFile(path: path, auths: try AuthEntry.entries(in: object, path: path))
    }

    /// Credentials for `host/repository` from the most specific key that names it or a namespace
    /// above it (`reg/ns/app` → `reg/ns` → `reg`); entries without a secret are passed over.
    public func credentials(host: String, repository: String) -> ResolvedCredentials? {
        let wanted = RegistryKey.hostname(of: host) + (repository.isEmpty ? "" : "/" + repository)
        let matches = auths.compactMap { key, entry -> (scope: String, key: String, credentials: RegistryCredentials)? in
            let scope = Self.scope(of: key)
            guard wanted == scope || wanted.hasPrefix(scope + "/"), let credentials = entry.credentials else { return nil }
            return (scope, key, credentials)
        }
        // Longest scope first; equal scopes (`myreg.io` and `https://myreg.io`) by key, so the pick is stable.
        let best = matches.min { a, b in a.scope.count != b.scope.count ? a.scope.count > b.scope.count : a.key < b.key }
        return best.map { ResolvedCredentials(credentials: $0.credentials, source: "containers auth file \(path) (\($0.key))") }
    }

    /// The `host[/namespace…]` a key covers: a key with a scheme is a legacy Docker-style key and
    /// names the whole host (containers/image `normalizeAuthFileKey`); host names are case-insensitive.
    static func scope(of key: String) -> String {
        let lowered = key.lowercased()
        if lowered.hasPrefix("https://") || lowered.hasPrefix("http://") { return RegistryKey.hostname(of: key) }
        guard let slash = key.firstIndex(of: "/") else { return RegistryKey.hostname(of: key) }
        return RegistryKey.hostname(of: String(key[..<slash])) + String(key[slash...])
    }
}
