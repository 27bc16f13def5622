import WasmPackOCI

/// What a build is doing, for the CLI's "Building…" display; the library never prints.
public enum BuildEvent: Sendable {
    /// A file is being packed: its path inside the layer, or the module file a wasm artifact copies.
    case packing(String)
    /// A layer is complete in the layout.
    case layerWritten(Descriptor)
}
