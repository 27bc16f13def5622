extension SpinManifestReader {
    /// The app's `[variables]` in manifest order, read from the manifest at `path` (an app
    /// directory or a manifest file) with the same checks as `read`, without resolving any file.
    public func variables(path: String) throws(SpinManifestError) -> [SpinVariable] {
        let manifestPath = try ManifestFile.locate(path)
        let bytes = try ManifestFile.bytes(at: manifestPath)
        _ = try Self.contents(bytes: bytes, path: manifestPath)
        let table: TOMLTable
        do { table = try TOMLReader.parse(bytes) } catch {
            throw .syntaxError(manifest: manifestPath, line: error.line, column: error.column, message: error.reason.description)
        }
        return try ManifestVariables.read(root: ManifestTable(table: table, manifest: manifestPath, key: .root)).entries
    }
}
