/// The naming rules of the Kubernetes API, checked before any YAML is written so a bad `--name`,
/// namespace, label or Secret name fails here with one line rather than at `kubectl apply`.
// https://kubernetes.io/docs/concepts/overview/working-with-objects/names/ and
// https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
public enum KubeName {
    /// A Service name is an RFC 1035 label (the strictest rule the app's objects share): at most
    /// 63 of `a-z 0-9 -`, starting with a letter, ending with a letter or digit.
    public static func appNameProblem(_ name: String) -> String? {
        if let problem = labelProblem(name) { return problem }
        guard let first = name.utf8.first, isLowerLetter(first) else { return "must start with a lower-case letter" }
        return nil
    }

    /// An RFC 1123 label (namespaces): like an app name, but it may start with a digit.
    public static func labelProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.utf8.count > 63 { return "is longer than 63 characters" }
        for byte in name.utf8 where !(isLowerLetter(byte) || isDigit(byte) || byte == UInt8(ascii: "-")) {
            return "contains '\(Character(Unicode.Scalar(byte)))'; use lower-case letters, digits and '-'"
        }
        if name.utf8.first == UInt8(ascii: "-") || name.utf8.last == UInt8(ascii: "-") {
            return "must start and end with a letter or digit"
        }
        return nil
    }

    /// An RFC 1123 subdomain (Secret names, label key prefixes): dot-separated labels, at most 253.
    public static func subdomainProblem(_ name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.utf8.count > 253 { return "is longer than 253 characters" }
        for part in name.split(separator: ".", omittingEmptySubsequences: false) {
            if let problem = labelProblem(String(part)) {
                return part.isEmpty ? "has an empty part between dots" : problem
            }
        }
        return nil
    }

    /// A label key: an optional subdomain prefix and '/', then a name of at most 63 of
    /// `A-Z a-z 0-9 - _ .`, starting and ending with a letter or digit.
    public static func labelKeyProblem(_ key: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "has more than one '/'" }
        if parts.count == 2, let problem = subdomainProblem(String(parts[0])) { return "prefix '\(parts[0])' \(problem)" }
        let name = String(parts[parts.count - 1])
        if name.isEmpty { return "has an empty name" }
        return labelValueProblem(name)
    }

    /// A label value: empty, or at most 63 of `A-Z a-z 0-9 - _ .`, starting and ending with a letter or digit.
    public static func labelValueProblem(_ value: String) -> String? {
        if value.isEmpty { return nil }
        if value.utf8.count > 63 { return "is longer than 63 characters" }
        for byte in value.utf8 {
            let allowed = isLowerLetter(byte) || isDigit(byte) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            guard allowed else {
                return "contains '\(Character(Unicode.Scalar(byte)))'; use letters, digits, '-', '_' and '.'"
            }
        }
        for end in [value.utf8.first!, value.utf8.last!] where !(isLowerLetter(end) || isDigit(end) || (end >= 65 && end <= 90)) {
            return "must start and end with a letter or digit"
        }
        return nil
    }

    /// An app name made from a repository's last path component (`team/Hello_World.v2` →
    /// `hello-world-v2`): lower-cased, other characters as '-', runs of '-' merged, cut to 63,
    /// leading digits and dashes dropped; `app` when nothing is left.
    public static func appName(fromRepository repository: String) -> String {
        let last = repository.split(separator: "/").last.map(String.init) ?? repository
        var name: [UInt8] = []
        for byte in last.lowercased().utf8 {
            let mapped = isLowerLetter(byte) || isDigit(byte) ? byte : UInt8(ascii: "-")
            if mapped == UInt8(ascii: "-") && (name.isEmpty || name.last == mapped) { continue }
            name.append(mapped)
        }
        while let first = name.first, !isLowerLetter(first) { name.removeFirst() }
        if name.count > 63 { name.removeLast(name.count - 63) }
        while name.last == UInt8(ascii: "-") { name.removeLast() }
        return name.isEmpty ? "app" : String(decoding: name, as: UTF8.self)
    }

    private static func isLowerLetter(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}
