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
        /// The versions the host defines, matched the way wasmtime's component `Linker` resolves an
        /// import name: the exact version, or else any release on the same semver track as one of
        /// them, older or newer (`1.x.y` -> `1`, `0.2.x` -> `0.2`); a pre-release or `0.0.x` matches
        /// only itself. Source: wasmtime `crates/wasmtime/src/runtime/component/linker.rs`,
        /// `alternate_lookup_key` (its doc examples: `@1.1.2` -> `@1`, `@0.1.0` -> `@0.1`,
        /// `@0.0.1` and `@0.1.0-rc.2` -> none). Names only: an import naming a function the host's
        /// older minor lacks still fails wasmtime's type check, which a name table cannot see.
        case linkedFrom([WasmSemanticVersion])
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
        case (.linkedFrom(let hosted), .some(let version)):
            return hosted.contains { host in
                host.comparableCore == version.comparableCore
                    || (version.semverTrack != nil && version.semverTrack == host.semverTrack)
            }
        }
    }
}

extension WasmSemanticVersion {
    /// wasmtime's "alternate lookup key" track: nil for pre-releases and `0.0.x` (exact only).
    var semverTrack: String? {
        guard prerelease.isEmpty else { return nil }
        if major != 0 { return "\(major)" }
        if minor != 0 { return "0.\(minor)" }
        return nil
    }

    /// The version without build metadata, which semver and wasmtime both ignore.
    var comparableCore: WasmSemanticVersion {
        WasmSemanticVersion(major: major, minor: minor, patch: patch, prerelease: prerelease)
    }
}

extension WasmSemanticVersion {
    /// For the tables' literals, which are known to parse.
    static func known(_ text: String) -> WasmSemanticVersion {
        guard let version = WasmSemanticVersion(parsing: text) else { preconditionFailure("bad version literal \(text)") }
        return version
    }
}
