/// One component of a Spin app, with the local files it needs.
public struct SpinComponent: Sendable, Equatable {
    /// The component id: the v1 `id`, the v2 `[component.<id>]` key, or the id Spin gives an inline
    /// trigger component (`<trigger id>-component` or `inline-component<N>`).
    public let id: String
    public let source: ComponentSource
    /// The files its `files` entries select, minus `exclude_files`, each with its mount `destination`;
    /// sorted by relative path. The same set Spin's loader copies for the component.
    public let files: [AppFile]
    /// Local Wasm files named by `[component.<id>.dependencies]` `{ path = … }` entries (v2); sorted.
    public let dependencies: [AppFile]
    /// Its `files` entries in manifest order, as resolved on disk.
    public let mounts: [FilesMount]
    /// Its `exclude_files` patterns as written (matched against app-relative paths, `*` crossing `/`).
    public let excludeFiles: [String]

    public init(id: String, source: ComponentSource, files: [AppFile], dependencies: [AppFile] = [],
                mounts: [FilesMount] = [], excludeFiles: [String] = []) {
        self.id = id
        self.source = source
        self.files = files
        self.dependencies = dependencies
        self.mounts = mounts
        self.excludeFiles = excludeFiles
    }
}
