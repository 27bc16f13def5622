import WasmPackArchive

/// What a scratch image holds: the files of its one layer and, for runtimes that read it, the
/// Entrypoint of its config.
struct ImageContent {
    var entries: [LayerEntry]
    var entrypoint: [String]?
}
