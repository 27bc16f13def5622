/// How Docker config keys name registries, and which key stands for a host.
// docker/cli cli/config/credentials/file_store.go (`ConvertToHostname`, `Get`) and
// cli/command/registry.go (`getAuthConfigKey`): Docker Hub is stored under "https://index.docker.io/v1/".
enum RegistryKey {
    static let dockerHubKey = "https://index.docker.io/v1/"
    private static let dockerHubHosts: Set<String> = ["docker.io", "index.docker.io", "registry-1.docker.io"]

    /// The key docker writes for `host` and passes to credential helpers.
    static func serverKey(for host: String) -> String {
        isDockerHub(host) ? dockerHubKey : host
    }

    static func isDockerHub(_ host: String) -> Bool {
        dockerHubHosts.contains(host.lowercased())
    }

    /// The registry a key names: scheme and path dropped, lower-cased, Docker Hub's names folded to "docker.io".
    static func hostname(of key: String) -> String {
        var rest = Substring(key)
        for scheme in ["https://", "http://"] where rest.lowercased().hasPrefix(scheme) {
            rest = rest.dropFirst(scheme.count)
            break
        }
        let host = String(rest.prefix { $0 != "/" }).lowercased()
        return dockerHubHosts.contains(host) ? "docker.io" : host
    }

    /// The key among `keys` that holds `host`'s entry: docker's own key for it, then the bare host,
    /// then any spelling (`https://host/v1/`, `http://host`, `host/v2/`) in sorted order so the
    /// choice does not depend on dictionary order.
    static func bestKey<Keys: Sequence<String>>(for host: String, among keys: Keys) -> String? {
        let all = Array(keys)
        for exact in [serverKey(for: host), host] where all.contains(exact) { return exact }
        let wanted = hostname(of: host)
        return all.filter { hostname(of: $0) == wanted }.sorted().first
    }

    /// Every key among `keys` that names `host`, for logout.
    static func allKeys<Keys: Sequence<String>>(for host: String, among keys: Keys) -> [String] {
        let wanted = hostname(of: host)
        return keys.filter { hostname(of: $0) == wanted }.sorted()
    }
}
