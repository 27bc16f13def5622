import WasmPackArchive

/// What a scratch image holds: the files of its one layer and, for runtimes that read it, the
/// Entrypoint of its config.
struct ImageContent {
    var entries: [LayerEntry]
    /// Directories the layer must hold even when empty (a Spin component's mounted folders).
    var directories: [String] = []
    var entrypoint: [String]?
}
