/// A WIT interface name as components import and export them:
/// `namespace:package/interface@version`, e.g. `wasi:http/incoming-handler@0.2.0` or
/// `fermyon:spin/key-value@2.0.0`; the version is optional (`fermyon:spin/http`).
// component-model design/mvp/Explainer.md "Import and Export Definitions": interfacename,
// with nested namespaces and projections (🪺) accepted.
public struct WasmInterfaceName: Hashable, Sendable, CustomStringConvertible {
    /// `wasi`; nested namespaces are joined with `:`.
    public var namespace: String
    /// `http`.
    public var package: String
    /// `incoming-handler`; a nested projection path is joined with `/`.
    public var interface: String
    public var version: WasmSemanticVersion?

    public init(namespace: String, package: String, interface: String, version: WasmSemanticVersion? = nil) {
        self.namespace = namespace
        self.package = package
        self.interface = interface
        self.version = version
    }

    /// Parses an interface name; nil for a plain name (`run`, `[method]fields.get`) or anything
    /// that breaks the grammar (upper-case package words, an empty part, a version that is not semver).
    public init?(parsing text: String) {
        var path = Substring(text)
        var version: WasmSemanticVersion?
        if let at = path.firstIndex(of: "@") {
            guard let parsed = WasmSemanticVersion(parsing: String(path[path.index(after: at)...])) else { return nil }
            version = parsed
            path = path[..<at]
        }
        let namespaces = path.split(separator: ":", omittingEmptySubsequences: false)
        guard namespaces.count >= 2, namespaces.dropLast().allSatisfy(Self.isWords), let last = namespaces.last else { return nil }
        let projection = last.split(separator: "/", omittingEmptySubsequences: false)
        guard projection.count >= 2, Self.isWords(projection[0]), projection.dropFirst().allSatisfy(Self.isLabel) else { return nil }
        self.init(
            namespace: namespaces.dropLast().joined(separator: ":"), package: String(projection[0]),
            interface: projection.dropFirst().joined(separator: "/"), version: version)
    }

    /// `wasi:http`.
    public var packageName: String { "\(namespace):\(package)" }

    /// `wasi:http/incoming-handler`: the name without its version.
    public var unversionedName: String { "\(packageName)/\(interface)" }

    /// `wasi:http/incoming-handler@0.2.0`.
    public var description: String {
        version.map { "\(unversionedName)@\($0)" } ?? unversionedName
    }

    /// True when both name the same interface, whatever their versions.
    public func isSameInterface(as other: WasmInterfaceName) -> Bool {
        unversionedName == other.unversionedName
    }

    /// `words ::= first-word ('-' word)*`, first-word `[a-z][0-9a-z]*`, word `[0-9a-z]+`.
    private static func isWords(_ text: Substring) -> Bool {
        let fragments = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = fragments.first?.utf8.first, isLower(first) else { return false }
        return fragments.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { isLower($0) || isDigit($0) } }
    }

    /// `label ::= fragment ('-' fragment)*` where each fragment is all lower-case (a word) or all
    /// upper-case (an acronym) with digits, and the first starts with a letter.
    private static func isLabel(_ text: Substring) -> Bool {
        let fragments = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = fragments.first?.utf8.first, isLower(first) || isUpper(first) else { return false }
        return fragments.allSatisfy { fragment in
            !fragment.isEmpty
                && (fragment.utf8.allSatisfy { isLower($0) || isDigit($0) } || fragment.utf8.allSatisfy { isUpper($0) || isDigit($0) })
        }
    }

    private static func isLower(_ byte: UInt8) -> Bool { (0x61...0x7a).contains(byte) }
    private static func isUpper(_ byte: UInt8) -> Bool { (0x41...0x5a).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
