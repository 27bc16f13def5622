/// Spin's rules for the hosts a component may reach, so a manifest Spin would refuse at start
/// fails the build instead, naming the entry.
enum OutboundHost {
    /// Why Spin (3.x `AllowedHostConfig::parse`) refuses an `allowed_outbound_hosts` entry without
    /// a `{{ variable }}`, or nil when it accepts it.
    static func problem(withOutbound entry: String) -> String? {
        let url = entry.trimmingSpaces
        guard let separator = url.firstRange(of: "://") else {
            if ["*", ":", "", "?"].contains(url) {
                return "is not a host pattern (to allow everything, write '*://*:*')"
            }
            if url == "insecure:allow-all" {
                return "is only valid in allowed_http_hosts (write '*://*:*' instead)"
            }
            return "has no scheme (such as 'https://' or '*://')"
        }
        let scheme = String(url[..<separator.lowerBound])
        let rest = url[separator.upperBound...]
        // The port is whatever follows the last ':' (Spin splits there, IPv6 brackets or not).
        var host = String(rest)
        var portPart = ""
        if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            portPart = String(rest[rest.index(after: colon)...])
        }
        var port = portPart
        if let slash = portPart.firstIndex(of: "/") {
            guard portPart[portPart.index(after: slash)...].isEmpty else { return "has a path, which hosts may not have" }
            port = String(portPart[..<slash])
        }
        if let problem = schemeProblem(scheme) { return problem }
        if let problem = hostProblem(host) { return problem }
        return portProblem(port, scheme: scheme)
    }

    private static func schemeProblem(_ scheme: String) -> String? {
        if scheme == "*" { return nil }
        if scheme.hasPrefix("{") { return "has a scheme list, which Spin does not support yet" }
        if scheme.contains(where: { !$0.isLetter }) { return "has a scheme '\(scheme)' with characters other than letters" }
        return nil
    }

    private static func hostProblem(_ written: String) -> String? {
        let host = written.trimmingSpaces
        if host == "*" || host == "self" || host == "self.alt" { return nil }
        if host.hasPrefix("{") { return "has a host list, which Spin does not support yet" }
        if isIPNetwork(host) { return nil }
        let parts = host.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 1, !parts[1].isEmpty { return "has a path, which hosts may not have" }
        if host.hasPrefix("*.") {
            return host.dropFirst(2).contains("*") ? "has a '*' that is not the first label (write '*.example.com')" : nil
        }
        if host.contains("*") { return "has a '*' that is not the first label (write '*.example.com')" }
        return nil
    }

    private static func portProblem(_ port: String, scheme: String) -> String? {
        if port.isEmpty {
            return wellKnownPorts[scheme] == nil
                ? "has no port, and scheme '\(scheme)' has no default port; add one, such as ':443' or ':*'" : nil
        }
        if port == "*" { return nil }
        if port.hasPrefix("{") { return "has a port list, which Spin does not support yet" }
        if let range = port.firstRange(of: "..") {
            let bounds = [String(port[..<range.lowerBound]), String(port[range.upperBound...])]
            return bounds.allSatisfy { portNumber($0) != nil } ? nil : "has a port range '\(port)' that is not two port numbers"
        }
        return portNumber(port) == nil ? "has a port '\(port)' that is not a number from 0 to 65535" : nil
    }

    // Spin's `well_known_port`.
    private static let wellKnownPorts: [String: Int] = [
        "postgres": 5432, "mysql": 3306, "redis": 6379, "mqtt": 1883, "http": 80, "https": 443,
    ]

    // Rust's `u16::from_str`: an optional '+', then decimal digits.
    private static func portNumber(_ text: String) -> Int? {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.count <= 5, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
              let value = Int(digits), value <= 65535 else { return nil }
        return value
    }

    // `ip_network::IpNetwork::from_str_truncate`: an IPv4 or IPv6 address, optionally `/prefix`.
    private static func isIPNetwork(_ host: String) -> Bool {
        let parts = host.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return false }
        let address = String(parts[0])
        let isV4 = isIPv4(address)
        guard isV4 || isIPv6(address) else { return false }
        guard parts.count == 2 else { return true }
        guard let prefix = Int(parts[1]), parts[1].allSatisfy(\.isNumber) else { return false }
        return prefix <= (isV4 ? 32 : 128)
    }

    private static func isIPv4(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets.allSatisfy { octet in
            !octet.isEmpty && octet.count <= 3 && octet.allSatisfy { $0.isASCII && $0.isNumber } && Int(octet)! <= 255
        }
    }

    private static func isIPv6(_ text: String) -> Bool {
        guard text.contains(":"), text.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return false }
        let groups = halves.flatMap { $0.isEmpty ? [] : $0.split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
        guard groups.allSatisfy({ !$0.isEmpty }) else { return false }
        var count = 0
        for (index, group) in groups.enumerated() {
            if group.contains(".") {
                guard index == groups.count - 1, isIPv4(group) else { return false }
                count += 2
            } else {
                guard group.count <= 4 else { return false }
                count += 1
            }
        }
        return halves.count == 2 ? count < 8 : count == 8
    }

    /// Why Spin's v1 compatibility layer (`parse_allowed_http_host`) refuses an
    /// `allowed_http_hosts` entry, or nil. `insecure:allow-all` is accepted.
    static func problem(withHTTP entry: String) -> String? {
        if entry == "insecure:allow-all" { return nil }
        var rest = Substring(entry)
        if let separator = entry.firstRange(of: "//") {
            let scheme = entry[..<separator.lowerBound]
            guard scheme == "http:" || scheme == "https:" else {
                return "is not an http or https host (write 'example.com', 'example.com:8080' or 'https://example.com')"
            }
            rest = entry[separator.upperBound...]
        }
        var authority = rest
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) {
            authority = rest[..<end]
            guard rest[end...] == "/" else { return "has a path; give the host and an optional port only" }
        }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var host = authority
        var port: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]"), isIPv6(String(authority[authority.index(after: authority.startIndex)..<close])) else {
                return "is not a valid host or host:port"
            }
            host = authority[...close]
            let after = authority[authority.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return "is not a valid host or host:port" }
                port = after.dropFirst()
            }
        } else if let colon = authority.lastIndex(of: ":") {
            host = authority[..<colon]
            port = authority[authority.index(after: colon)...]
        }
        let forbidden: Set<Character> = [" ", "#", "%", "/", ":", "<", ">", "?", "@", "[", "\\", "]", "^", "|", "\t", "\n", "\r"]
        guard !host.isEmpty, host.hasPrefix("[") || !host.contains(where: { forbidden.contains($0) }) else {
            return "is not a valid host or host:port"
        }
        // The URL parser takes an empty port as the default one.
        if let port, !port.isEmpty, portNumber(String(port)) == nil || port.hasPrefix("+") {
            return "has a port '\(port)' that is not a number from 0 to 65535"
        }
        return nil
    }

    /// The `{{ name }}` expressions of a Spin template (`spin_expressions::Template`), in order;
    /// nil when a `{{` is not closed.
    static func templateVariables(_ text: String) -> [String]? {
        var names: [String] = []
        var remaining = Substring(text)
        while let open = remaining.firstRange(of: "{{") {
            let after = remaining[open.upperBound...]
            guard let close = after.firstRange(of: "}}") else { return nil }
            names.append(after[..<close.lowerBound].trimmingSpaces)
            remaining = after[close.upperBound...]
        }
        return names
    }

    /// The template with each expression replaced by `values[name]`; nil when one has no value.
    static func resolve(_ text: String, with values: [String: String]) -> String? {
        var result = ""
        var remaining = Substring(text)
        while let open = remaining.firstRange(of: "{{") {
            result += remaining[..<open.lowerBound]
            let after = remaining[open.upperBound...]
            guard let close = after.firstRange(of: "}}"), let value = values[after[..<close.lowerBound].trimmingSpaces] else { return nil }
            result += value
            remaining = after[close.upperBound...]
        }
        return result + remaining
    }
}

extension StringProtocol {
    /// Without leading and trailing whitespace, as Rust's `str::trim`.
    var trimmingSpaces: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }
}
