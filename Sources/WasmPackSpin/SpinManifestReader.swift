/// Reads a Spin app's manifest (spin.toml v1 or v2) and resolves every local file the app needs.
public struct SpinManifestReader: Sendable {
    public init() {}

    /// Reads the app at `path`.
    ///
    /// - Parameters:
    ///   - path: an app directory (then `<dir>/spin.toml` is read) or the path of a manifest file;
    ///     relative paths are resolved against the current directory.
    ///   - excludedDirectories: absolute directory paths whose contents are never collected, such as
    ///     wasmpack's own output directory (`<app>/.wasmpack`).
    public func read(path: String, excludedDirectories: [String] = []) throws(SpinManifestError) -> SpinApp {
        let manifestPath = try ManifestFile.locate(path)
        let rootDirectory = AppDirectory.standardise(manifestPath + "/..")
        let manifestName = String(manifestPath.split(separator: "/").last ?? "spin.toml")

        let (manifestVersion, contents) = try Self.contents(bytes: try ManifestFile.bytes(at: manifestPath), path: manifestPath)

        let directory = try AppDirectory(root: rootDirectory, manifest: manifestPath,
                                         excludedDirectories: excludedDirectories)
        let resolver = ComponentResolver(directory: directory)
        var components: [SpinComponent] = []
        var warnings: [String] = []
        for declaration in contents.components {
            let (component, componentWarnings) = try resolver.resolve(declaration)
            components.append(component)
            warnings += componentWarnings
        }

        return SpinApp(
            manifestFile: AppFile(relativePath: manifestName, absolutePath: manifestPath),
            rootDirectory: rootDirectory,
            manifestVersion: manifestVersion,
            name: contents.name,
            version: contents.version,
            description: contents.description,
            authors: contents.authors,
            components: components,
            files: Self.appFiles(of: components, manifestName: manifestName),
            directories: Self.mountedDirectories(of: components),
            warnings: warnings)
    }

    /// Parses manifest bytes and checks them against the v1/v2 schema, without touching the file
    /// system: the TOML syntax, the version, every key's type and every path string's characters.
    /// `path` only names the manifest in errors.
    @discardableResult
    public func parseManifest(bytes: [UInt8], path: String) throws(SpinManifestError) -> SpinManifestVersion {
        try Self.contents(bytes: bytes, path: path).0
    }

    static func contents(bytes: [UInt8], path: String) throws(SpinManifestError) -> (SpinManifestVersion, ManifestContents) {
        let table: TOMLTable
        do {
            table = try TOMLReader.parse(bytes)
        } catch {
            throw .syntaxError(manifest: path, line: error.line, column: error.column, message: error.reason.description)
        }
        let root = ManifestTable(table: table, manifest: path, key: .root)
        let version = try Self.version(of: root)
        let contents: ManifestContents
        switch version {
        case .v1: contents = try ManifestV1.contents(of: root)
        case .v2: contents = try ManifestV2.contents(of: root)
        }
        let variables = try ManifestVariables.read(root: root)
        for component in contents.components {
            try component.checkOutboundHosts(defaults: variables.defaults, manifest: path)
        }
        return (version, contents)
    }

    // formats.md 6.1: `spin_manifest_version` (alias `spin_version`): the string "1" or the integer 2.
    private static func version(of root: ManifestTable) throws(SpinManifestError) -> SpinManifestVersion {
        guard let key = ["spin_manifest_version", "spin_version"].first(where: { root.value($0) != nil }),
              let value = root.value(key)
        else {
            throw .missingManifestVersion(manifest: root.manifest)
        }
        if value.string == "1" { return .v1 }
        if value.integer == 2 { return .v2 }
        let written: String
        switch value {
        case .string(let string): written = "\"\(TOMLParser.escapedForMessage(string))\""
        case .integer(let integer): written = String(integer)
        default: written = ManifestTable.describe(value)
        }
        throw .unknownManifestVersion(manifest: root.manifest, key: key, value: written)
    }

    /// One entry per relative path across all components, byte-sorted. A manifest named spin.toml
    /// is left out (it is packed as /spin.toml anyway); one with another name (`wagi.toml`) that a
    /// `files` entry selects is packed at its own path too, as Spin would copy it.
    private static func appFiles(of components: [SpinComponent], manifestName: String) -> [AppFile] {
        var all: [AppFile] = []
        for component in components {
            if case .local(let source) = component.source { all.append(source) }
            all += component.dependencies
            all += component.files
        }
        var seen: Set<String> = manifestName == "spin.toml" ? [manifestName] : []
        return all.sorted().filter { seen.insert($0.relativePath).inserted }
    }

    /// Every directory a component mounts, relative to the app directory, once, sorted.
    private static func mountedDirectories(of components: [SpinComponent]) -> [String] {
        var directories: Set<String> = []
        for component in components {
            for mount in component.mounts where mount.kind == .directory && !mount.source.isEmpty {
                directories.insert(mount.source)
            }
        }
        return directories.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }
}
