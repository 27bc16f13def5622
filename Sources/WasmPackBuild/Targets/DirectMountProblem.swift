import WasmPackSpin

/// Why the Spin shim cannot load one component's `files` as written: it loads apps with direct
/// mounts (`FilesMountStrategy::Direct`, formats.md §4.1), which take only whole directories.
public enum DirectMountProblem: Sendable, Hashable {
    /// A `files` glob (`written`): the shim would mount a directory named after the pattern.
    case glob(written: String)
    /// A `files` entry naming one regular file.
    case singleFile(written: String)
    /// `exclude_files` is set; the shim refuses it outright.
    case excludeFiles

    /// Every problem of `component`, in manifest order (its `files` entries, then `exclude_files`).
    public static func problems(of component: SpinComponent) -> [DirectMountProblem] {
        var problems: [DirectMountProblem] = component.mounts.compactMap { mount in
            switch mount.kind {
            case .directory: return nil
            case .glob: return .glob(written: mount.written)
            case .file: return .singleFile(written: mount.written)
            }
        }
        if !component.excludeFiles.isEmpty { problems.append(.excludeFiles) }
        return problems
    }

    /// The manifest key, relative to the component's table.
    public var key: String {
        switch self {
        case .glob, .singleFile: return "files"
        case .excludeFiles: return "exclude_files"
        }
    }

    /// What the entry is, for messages: `files entry "static/*" is a glob`.
    public var what: String {
        switch self {
        case .glob(let written): return "files entry \"\(written)\" is a glob"
        case .singleFile(let written): return "files entry \"\(written)\" is a single file"
        case .excludeFiles: return "exclude_files is set"
        }
    }

    /// The shim's own error text (spin `crates/loader/src/local.rs`, `resolve_direct_mount`).
    public var shimMessage: String {
        switch self {
        case .glob, .singleFile: return "Only directory mounts are supported"
        case .excludeFiles: return "Cannot load a component with `exclude_files` using --direct-mounts"
        }
    }
}
