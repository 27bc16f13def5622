/// Where the registry API of a reference lives and which scheme reaches it.
public struct RegistryHost: Sendable, Equatable {
    /// host[:port] to connect to (docker.io becomes registry-1.docker.io).
    public var host: String
    public var scheme: String

    /// `host` is `Reference.apiHost`; loopback hosts use http, any other https unless `plainHTTP`.
    public init(host: String, plainHTTP: Bool) {
        self.host = host
        self.scheme = (plainHTTP || Self.isLoopback(host)) ? "http" : "https"
    }

    public var baseURL: String { "\(scheme)://\(host)" }

    /// localhost, 127.0.0.0/8 and [::1], with or without a port: plain HTTP is safe there.
    public static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") {
            guard let close = name.firstIndex(of: "]") else { return false }
            return name[name.index(after: name.startIndex)..<close] == "::1"
        }
        if let colon = name.lastIndex(of: ":") { name = String(name[..<colon]) }
        if name == "localhost" || name.hasSuffix(".localhost") { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }
}
