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
            files: Self.appFiles(of: components, excluding: manifestName),
            warnings: warnings)
    }

    /// Parses manifest bytes and checks them against the v1/v2 schema, without touching the file
    /// system: the TOML syntax, the version, every key's type and every path string's characters.
    /// `path` only names the manifest in errors.
    @discardableResult
    public func parseManifest(bytes: [UInt8], path: String) throws(SpinManifestError) -> SpinManifestVersion {
        try Self.contents(bytes: bytes, path: path).0
    }

    private static func contents(bytes: [UInt8], path: String) throws(SpinManifestError) -> (SpinManifestVersion, ManifestContents) {
        let table: TOMLTable
        do {
            table = try TOMLReader.parse(bytes)
        } catch {
            throw .syntaxError(manifest: path, line: error.line, column: error.column, message: error.reason.description)
        }
        let root = ManifestTable(table: table, manifest: path, key: .root)
        let version = try Self.version(of: root)
        switch version {
        case .v1: return (version, try ManifestV1.contents(of: root))
        case .v2: return (version, try ManifestV2.contents(of: root))
        }
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

    /// One entry per relative path across all components, byte-sorted, without the manifest.
    private static func appFiles(of components: [SpinComponent], excluding manifestName: String) -> [AppFile] {
        var all: [AppFile] = []
        for component in components {
            if case .local(let source) = component.source { all.append(source) }
            all += component.dependencies
            all += component.files
        }
        var seen: Set<String> = [manifestName]
        return all.sorted().filter { seen.insert($0.relativePath).inserted }
    }
}
