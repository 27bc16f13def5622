/// A Spin app read from its manifest: its metadata, components, and every local file it needs.
///
/// A `FROM scratch`-style image holds the manifest at `/spin.toml` and each of `files` at
/// `/<relativePath>` (formats.md 4.1, 4.2).
public struct SpinApp: Sendable {
    /// The manifest; its `relativePath` is its file name (`spin.toml`).
    public let manifestFile: AppFile
    /// The manifest's directory: absolute and standardised (no `.`/`..`), symlinks not resolved.
    public let rootDirectory: String
    public let manifestVersion: SpinManifestVersion
    public let name: String?
    public let version: String?
    public let description: String?
    public let authors: [String]
    /// In manifest order: v1 `[[component]]` order; v2 `[component.*]` order, then inline trigger components.
    public let components: [SpinComponent]
    /// Every local file (sources, dependencies, `files` entries), one per relative path, sorted in byte
    /// order; the manifest itself is not included.
    public let files: [AppFile]
    /// Relative paths of the directories the image must hold even when empty, sorted: every
    /// directory a `files` entry mounts (the shim mounts it and fails with "not a directory" when it
    /// is missing). Parents are implied.
    public let directories: [String]
    /// Things the user should know, one line each (unpacked remote sources, shim limitations).
    public let warnings: [String]

    public init(
        manifestFile: AppFile, rootDirectory: String, manifestVersion: SpinManifestVersion,
        name: String?, version: String?, description: String?, authors: [String],
        components: [SpinComponent], files: [AppFile], directories: [String] = [], warnings: [String]
    ) {
        self.manifestFile = manifestFile
        self.rootDirectory = rootDirectory
        self.manifestVersion = manifestVersion
        self.name = name
        self.version = version
        self.description = description
        self.authors = authors
        self.components = components
        self.files = files
        self.directories = directories
        self.warnings = warnings
    }
}
