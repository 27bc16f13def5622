/// One component of a Spin app, with the local files it needs.
public struct SpinComponent: Sendable, Equatable {
    /// The component id: the v1 `id`, the v2 `[component.<id>]` key, or the id Spin gives an inline
    /// trigger component (`<trigger id>-component` or `inline-component<N>`).
    public let id: String
    public let source: ComponentSource
    /// The files its `files` entries select, minus `exclude_files`, each with its mount `destination`;
    /// sorted by relative path.
    public let files: [AppFile]
    /// Local Wasm files named by `[component.<id>.dependencies]` `{ path = … }` entries (v2); sorted.
    public let dependencies: [AppFile]

    public init(id: String, source: ComponentSource, files: [AppFile], dependencies: [AppFile] = []) {
        self.id = id
        self.source = source
        self.files = files
        self.dependencies = dependencies
    }
}
