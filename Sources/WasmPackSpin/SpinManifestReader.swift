import Foundation
import TOMLKit

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
        let manifestPath = try Self.locateManifest(path)
        let rootDirectory = AppDirectory.standardise(manifestPath + "/..")
        let manifestName = String(manifestPath.split(separator: "/").last ?? "spin.toml")

        let text = try Self.readText(manifestPath)
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw .syntaxError(manifest: manifestPath, line: error.source.begin.line,
                               column: error.source.begin.column, message: error.description)
        } catch {
            throw .syntaxError(manifest: manifestPath, line: 0, column: 0, message: "\(error)")
        }
        let root = ManifestTable(table: table, manifest: manifestPath, key: .root)
        let manifestVersion = try Self.version(of: root)
        let contents = switch manifestVersion {
        case .v1: try ManifestV1.contents(of: root)
        case .v2: try ManifestV2.contents(of: root, order: DocumentOrder(text: text))
        }

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

    /// The manifest's absolute, standardised path.
    private static func locateManifest(_ path: String) throws(SpinManifestError) -> String {
        let standardised = AppDirectory.standardise(path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: standardised, isDirectory: &isDirectory) else {
            throw .manifestNotFound(path: standardised)
        }
        guard isDirectory.boolValue else { return standardised }
        let manifest = AppDirectory.join(standardised, "spin.toml")
        guard FileManager.default.fileExists(atPath: manifest, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw .manifestNotFound(path: manifest)
        }
        return manifest
    }

    private static func readText(_ path: String) throws(SpinManifestError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    // formats.md 6.1: `spin_manifest_version` (alias `spin_version`): the string "1" or the integer 2.
    private static func version(of root: ManifestTable) throws(SpinManifestError) -> SpinManifestVersion {
        guard let key = ["spin_manifest_version", "spin_version"].first(where: { root.value($0) != nil }),
              let value = root.value(key)
        else {
            throw .missingManifestVersion(manifest: root.manifest)
        }
        if value.string == "1" { return .v1 }
        if value.type == .int, value.int == 2 { return .v2 }
        let written = value.string.map { "\"\($0)\"" } ?? (value.type == .int ? value.int.map(String.init) : nil)
        throw .unknownManifestVersion(manifest: root.manifest, key: key, value: written ?? ManifestTable.describe(value))
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
