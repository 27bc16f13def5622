import WasmPackWasm

/// One family of component interfaces a host provides (or calls): a namespace, optionally one
/// package and one interface in it, and the versions the host links.
public struct InterfaceRule: Sendable, Hashable {
    /// Which versions of the interface the host links.
    public enum Versions: Sendable, Hashable {
        /// Only the unversioned name (`fermyon:spin/http`, Spin 1.x's world).
        case unversioned
        /// Exactly these versions (pre-releases are not semver-compatible with anything else).
        case exactly([WasmSemanticVersion])
        /// `major.minor.*`, pre-releases of that series included: wasmtime links a 0.x import to the
        /// host's newest version of the same `major.minor` series.
        case series(major: UInt64, minor: UInt64)
        /// Any version with this major, for 1.0 and later packages (`spin:sqlite@3.x`).
        case major(UInt64)
    }

    public let namespace: String
    /// nil: every package of the namespace.
    public let package: String?
    /// nil: every interface of the package.
    public let interface: String?
    public let versions: Versions

    public init(_ namespace: String, package: String? = nil, interface: String? = nil, versions: Versions) {
        self.namespace = namespace
        self.package = package
        self.interface = interface
        self.versions = versions
    }

    public func matches(_ name: WasmInterfaceName) -> Bool {
        guard name.namespace == namespace, package.map({ $0 == name.package }) ?? true,
            interface.map({ $0 == name.interface }) ?? true
        else { return false }
        switch (versions, name.version) {
        case (.unversioned, nil): return true
        case (.unversioned, .some), (_, nil): return false
        case (.exactly(let list), .some(let version)): return list.contains(version)
        case (.series(let major, let minor), .some(let version)): return version.major == major && version.minor == minor
        case (.major(let major), .some(let version)): return version.major == major
        }
    }
}

extension WasmSemanticVersion {
    /// For the tables' literals, which are known to parse.
    static func known(_ text: String) -> WasmSemanticVersion {
        guard let version = WasmSemanticVersion(parsing: text) else { preconditionFailure("bad version literal \(text)") }
        return version
    }
}
