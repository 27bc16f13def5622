/// A name for content in a registry: `registry/repository[:tag][@digest]`, normalised the way
/// `docker` and the CNCF distribution project read it.
// Grammar: https://github.com/distribution/reference/blob/main/reference.go (package comment)
// Normalisation: https://github.com/distribution/reference/blob/main/normalize.go (ParseNormalizedNamed)
public struct Reference: Hashable, Sendable, CustomStringConvertible {
    /// The registry a name without a domain belongs to.
    public static let dockerHub = "docker.io"
    /// Docker Hub's registry API does not answer on `docker.io` itself.
    public static let dockerHubAPIHost = "registry-1.docker.io"
    /// Limit on `registry/repository`, counted after normalisation as distribution does.
    public static let maximumNameLength = 255
    public static let maximumTagLength = 128

    /// `host[:port]` as written (host names are case-insensitive, so case is kept, not folded);
    /// `docker.io` when the reference names no registry.
    public var registry: String
    /// Slash-separated lower-case path, e.g. `library/nginx` or `team/app/sub`.
    public var repository: String
    public var tag: String?
    public var digest: Digest?

    /// Parses `[registry/]repository[:tag][@digest]`.
    ///
    /// A name's first component is a registry only if it contains `.` or `:`, is `localhost`,
    /// starts with `[`, or has upper case (which a repository cannot); otherwise the registry is Docker Hub, where
    /// one-component names live under `library/`.
    public init(parsing text: String) throws(ReferenceError) {
        guard !text.isEmpty else { throw .empty }
        let bytes = Array(text.utf8)
        if bytes.count == 64, bytes.allSatisfy(\.isLowercaseHexDigit) { throw .ambiguousImageID(text) }

        // '@' appears nowhere else in the grammar, so the first one starts the digest.
        var name = bytes[...]
        var digestText: String?
        if let at = name.firstIndex(of: .at) {
            digestText = String(decoding: name[(at + 1)...], as: UTF8.self)
            name = name[..<at]
        }
        // A ':' before the last '/' (or inside an IPv6 literal) belongs to the registry's port.
        var tagText: String?
        let lastSlashOrBracket = name.lastIndex { $0 == .slash || $0 == .closeBracket }
        if let colon = name.lastIndex(of: .colon), colon > (lastSlashOrBracket ?? name.startIndex - 1) {
            tagText = String(decoding: name[(colon + 1)...], as: UTF8.self)
            name = name[..<colon]
        }

        guard !name.isEmpty else { throw .missingRepository(text) }
        guard name.last != .slash else { throw .trailingSlash(text) }
        var components = name.split(separator: .slash, omittingEmptySubsequences: false)
        guard !components.contains(where: \.isEmpty) else { throw .emptyPathComponent(text) }

        var registry = Self.dockerHub
        if components.count > 1, Self.isDomain(components[0]) {
            let domain = components.removeFirst()
            try Self.validateDomain(domain, in: text)
            registry = String(decoding: domain, as: UTF8.self)
        }
        var repository = components.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "/")
        guard !components.contains(where: { $0.contains(where: \.isUppercaseLetter) }) else {
            throw .uppercaseRepository(text, repository: repository)
        }
        if let bad = components.first(where: { !Self.isValidPathComponent($0) }) {
            throw .invalidPathComponent(text, component: String(decoding: bad, as: UTF8.self))
        }

        if registry == "index.docker.io" { registry = Self.dockerHub }
        if registry == Self.dockerHub, components.count == 1 { repository = "library/" + repository }
        let nameLength = registry.utf8.count + 1 + repository.utf8.count
        guard nameLength <= Self.maximumNameLength else { throw .nameTooLong(text, length: nameLength) }

        if let tagText, !Self.isValidTag(tagText) { throw .invalidTag(text, tag: tagText) }
        var digest: Digest?
        if let digestText {
            do { digest = try Digest(parsing: digestText) } catch { throw .invalidDigest(text, error) }
        }

        self.registry = registry
        self.repository = repository
        self.tag = tagText
        self.digest = digest
    }

    /// `registry/repository`, without tag or digest.
    public var name: String { "\(registry)/\(repository)" }

    /// The full normalised form, `registry/repository[:tag][@digest]`; parsing it gives back `self`.
    public var description: String {
        var text = name
        if let tag { text += ":\(tag)" }
        if let digest { text += "@\(digest)" }
        return text
    }

    /// The host to send registry API requests to.
    public var apiHost: String { registry == Self.dockerHub ? Self.dockerHubAPIHost : registry }

    /// What to put after `/v2/<repository>/manifests/`: the digest when there is one (it pins the
    /// content, and a registry resolves a tag that may have moved since), else the tag, else `latest`.
    public var tagOrDigest: String { digest?.description ?? tag ?? "latest" }

    /// The same repository at `tag`. Any digest is dropped, since it would pin the old content.
    public func withTag(_ tag: String) throws(ReferenceError) -> Reference {
        guard Self.isValidTag(tag) else { throw .invalidTag("\(name):\(tag)", tag: tag) }
        var reference = self
        reference.tag = tag
        reference.digest = nil
        return reference
    }

    /// The same reference pinned to `digest`; a tag is kept, as in ko's `ref:tag@sha256:…` output.
    public func withDigest(_ digest: Digest) -> Reference {
        var reference = self
        reference.digest = digest
        return reference
    }
}

// MARK: - Grammar

extension Reference {
    /// tag := [\w][\w.-]{0,127}
    static func isValidTag(_ tag: String) -> Bool {
        let bytes = tag.utf8
        guard let first = bytes.first, bytes.count <= maximumTagLength,
              first.isWordCharacter,
              bytes.allSatisfy({ $0.isWordCharacter || $0 == .dot || $0 == .dash })
        else { return false }
        return true
    }

    /// path-component := [a-z0-9]+ (separator [a-z0-9]+)*, separator := "." | "_" | "__" | "-"+
    static func isValidPathComponent(_ component: ArraySlice<UInt8>) -> Bool {
        guard let first = component.first, let last = component.last,
              first.isLowercaseAlphanumeric, last.isLowercaseAlphanumeric
        else { return false }
        var separatorStart: Int?
        for index in component.indices {
            let byte = component[index]
            if byte.isLowercaseAlphanumeric {
                if let start = separatorStart {
                    let separator = component[start..<index]
                    let allowed = separator.elementsEqual([.dot]) || separator.elementsEqual([.underscore])
                        || separator.elementsEqual([.underscore, .underscore])
                        || separator.allSatisfy { $0 == .dash }
                    guard allowed else { return false }
                    separatorStart = nil
                }
            } else if byte == .dot || byte == .underscore || byte == .dash {
                separatorStart = separatorStart ?? index
            } else {
                return false
            }
        }
        return true
    }

    /// Whether a name's first component is a registry (distribution's `splitDockerDomain`). A
    /// leading '[' also counts, so a malformed IPv6 literal is reported as one.
    static func isDomain(_ component: ArraySlice<UInt8>) -> Bool {
        component.first == .openBracket || component.contains(.dot) || component.contains(.colon)
            || component.elementsEqual("localhost".utf8)
            || component.contains(where: \.isUppercaseLetter)
    }

    /// domain := host [":" port], host := domain-name | "[" IPv6 "]"
    static func validateDomain(_ domain: ArraySlice<UInt8>, in reference: String) throws(ReferenceError) {
        let hostEnd: Int
        if domain.first == .openBracket {
            guard let close = domain.firstIndex(of: .closeBracket) else {
                throw .invalidIPv6Address(reference, literal: String(decoding: domain, as: UTF8.self))
            }
            guard isValidIPv6Address(domain[(domain.startIndex + 1)..<close]) else {
                throw .invalidIPv6Address(reference, literal: String(decoding: domain[...close], as: UTF8.self))
            }
            hostEnd = close + 1
            guard hostEnd == domain.endIndex || domain[hostEnd] == .colon else {
                throw .invalidHost(reference, host: String(decoding: domain, as: UTF8.self))
            }
        } else {
            hostEnd = domain.firstIndex(of: .colon) ?? domain.endIndex
            guard isValidDomainName(domain[..<hostEnd]) else {
                throw .invalidHost(reference, host: String(decoding: domain[..<hostEnd], as: UTF8.self))
            }
        }
        if hostEnd < domain.endIndex {
            let port = domain[(hostEnd + 1)...]
            guard isValidPort(port) else { throw .invalidPort(reference, port: String(decoding: port, as: UTF8.self)) }
        }
    }

    /// domain-name := label ("." label)*, label := [a-zA-Z0-9] | [a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]
    static func isValidDomainName(_ host: ArraySlice<UInt8>) -> Bool {
        host.split(separator: .dot, omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last else { return false }
            return first.isAlphanumeric && last.isAlphanumeric
                && label.allSatisfy { $0.isAlphanumeric || $0 == .dash }
        }
    }

    /// distribution accepts any run of hex digits and colons in brackets; we also check the shape
    /// (RFC 4291 section 2.2: eight groups, or fewer with one "::") so typos fail here, not in DNS.
    static func isValidIPv6Address(_ address: ArraySlice<UInt8>) -> Bool {
        guard !address.isEmpty, address.allSatisfy({ $0.isHexDigit || $0 == .colon }) else { return false }
        var groups = address.split(separator: .colon, omittingEmptySubsequences: false)
        // A leading or trailing "::" splits into two empty groups; keep one to stand for the gap.
        if address.starts(with: [.colon, .colon]) {
            groups.removeFirst()
        } else if address.first == .colon {
            return false
        }
        if address.reversed().starts(with: [.colon, .colon]) {
            groups.removeLast()
        } else if address.last == .colon {
            return false
        }
        guard groups.allSatisfy({ $0.count <= 4 }) else { return false }
        switch groups.count(where: \.isEmpty) {
        case 0: return groups.count == 8
        case 1: return groups.count <= 8
        default: return false
        }
    }

    /// port := [0-9]+, and a real TCP port.
    static func isValidPort(_ port: ArraySlice<UInt8>) -> Bool {
        guard (1...5).contains(port.count), port.allSatisfy(\.isDigit) else { return false }
        let value = port.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        return (1...65535).contains(value)
    }
}

private extension UInt8 {
    static let at = UInt8(ascii: "@")
    static let colon = UInt8(ascii: ":")
    static let slash = UInt8(ascii: "/")
    static let dot = UInt8(ascii: ".")
    static let dash = UInt8(ascii: "-")
    static let underscore = UInt8(ascii: "_")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")

    var isDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
    var isLowercaseLetter: Bool { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) }
    var isUppercaseLetter: Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self) }
    var isLowercaseAlphanumeric: Bool { isDigit || isLowercaseLetter }
    var isAlphanumeric: Bool { isLowercaseAlphanumeric || isUppercaseLetter }
    /// `\w` in distribution's regular expressions.
    var isWordCharacter: Bool { isAlphanumeric || self == .underscore }
    var isLowercaseHexDigit: Bool { isDigit || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(self) }
    var isHexDigit: Bool { isLowercaseHexDigit || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(self) }
}
