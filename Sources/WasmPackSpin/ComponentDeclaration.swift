/// A component as the manifest declares it, before any path is looked up on disk. v1 `[[component]]`,
/// v2 `[component.<id>]` and inline trigger components all read the same fields.
struct ComponentDeclaration {
    enum Source: Equatable {
        case path(String)
        case remote(url: String, digest: String)
        case registry(registry: String?, package: String, version: String)
    }

    struct Dependency: Equatable {
        let name: String
        let path: String
    }

    let id: String
    /// Names this component's keys in messages (`[component.api]`, `component[0]`).
    let key: ManifestKey
    let source: Source
    let files: [FilesEntry]
    let excludeFiles: [String]
    /// `[component.<id>.dependencies]` entries with a local `path` (v2).
    let dependencies: [Dependency]

    init(id: String, table: ManifestTable, version: SpinManifestVersion) throws(SpinManifestError) {
        self.id = id
        key = table.key
        source = try Self.source(in: table, id: id, version: version)
        files = try Self.files(in: table)
        excludeFiles = try table.paths("exclude_files")
        dependencies = version == .v2 ? try Self.dependencies(in: table) : []
    }

    private static func source(in table: ManifestTable, id: String, version: SpinManifestVersion) throws(SpinManifestError) -> Source {
        let expected = version == .v1
            ? "a path string or { url, digest }"
            : "a path string, { url, digest } or { registry, package, version }"
        guard let value = table.value("source") else {
            throw .missingSource(manifest: table.manifest, key: table.key("source"), component: id)
        }
        if let path = value.string { return .path(try table.checkedPath(path, key: table.key("source"))) }
        guard let inner = value.table else { throw table.wrongType("source", expected: expected, found: value) }
        let fields = ManifestTable(table: inner, manifest: table.manifest, key: table.key.nested("source"))
        if fields.value("url") != nil {
            return .remote(url: try fields.requiredString("url"), digest: try fields.requiredString("digest"))
        }
        if version == .v2, fields.value("package") != nil {
            return .registry(
                registry: try fields.string("registry"),
                package: try fields.requiredString("package"),
                version: try fields.requiredString("version"))
        }
        throw table.wrongType("source", expected: expected, found: value)
    }

    private static func files(in table: ManifestTable) throws(SpinManifestError) -> [FilesEntry] {
        var entries: [FilesEntry] = []
        for (index, value) in try table.array("files").enumerated() {
            let name = "files[\(index)]"
            if let pattern = value.string {
                entries.append(.pattern(try table.checkedPath(pattern, key: table.key(name))))
            } else if let inner = value.table {
                let mount = ManifestTable(table: inner, manifest: table.manifest, key: table.key.nested(name))
                entries.append(.mount(source: try mount.requiredPath("source"),
                                      destination: try mount.requiredPath("destination")))
            } else {
                throw table.wrongType(name, expected: "a path or glob string, or { source, destination }", found: value)
            }
        }
        return entries
    }

    // formats.md 6.4: only `{ path = … }` dependencies are local files; version requirements, URLs,
    // registry packages and app components are resolved by Spin.
    private static func dependencies(in table: ManifestTable) throws(SpinManifestError) -> [Dependency] {
        guard let dependencies = try table.subtable("dependencies", key: table.key.nested("dependencies")) else {
            return []
        }
        var found: [Dependency] = []
        for name in dependencies.keys {
            guard let inner = dependencies.value(name)?.table else { continue }
            let fields = ManifestTable(table: inner, manifest: table.manifest, key: dependencies.key.nested("\"\(name)\""))
            if let path = try fields.path("path") {
                found.append(Dependency(name: name, path: path))
            }
        }
        return found
    }
}
