/// Which WASI a binary is built against, as its imports and exports show it.
public enum WASIVersion: String, Hashable, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// A core module importing `wasi_unstable` (the snapshot before preview 1).
    case preview0
    /// A core module importing `wasi_snapshot_preview1`: what Spin 0.x/1.x and WAGI run.
    case preview1
    /// A component importing or exporting `wasi:*@0.2.*` (Spin ≥ 2.0; 0.2.0 final needs Spin ≥ 2.2).
    case preview2
    /// A component importing or exporting `wasi:*@0.3.*` (async WASI; Spin 3.6 behind a flag).
    case preview3

    public var description: String { rawValue }

    public static func < (lhs: WASIVersion, rhs: WASIVersion) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .preview0: return 0
        case .preview1: return 1
        case .preview2: return 2
        case .preview3: return 3
        }
    }

    /// The WASI of a core module import name, if it is one.
    static func ofModule(_ module: String) -> WASIVersion? {
        switch module {
        case "wasi_unstable": return .preview0
        case "wasi_snapshot_preview1": return .preview1
        default: return nil
        }
    }

    /// The WASI of a component import or export, if it names a `wasi:` interface of 0.2 or 0.3.
    static func ofInterface(_ name: WasmInterfaceName?) -> WASIVersion? {
        guard let name, name.namespace == "wasi", let version = name.version, version.major == 0 else { return nil }
        switch version.minor {
        case 2: return .preview2
        case 3: return .preview3
        default: return nil
        }
    }
}
