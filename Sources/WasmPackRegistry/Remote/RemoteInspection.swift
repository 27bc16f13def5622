import WasmPackLayout
import WasmPackOCI

/// What `wasmpack inspect REF` learns from a registry without pulling layers: the manifest as
/// served, and either its image summary (config read, bounded) or the index it is.
public struct RemoteInspection: Sendable {
    public enum Content: Sendable {
        case image(ImageSummary)
        case index(ImageIndex)
    }

    public var manifest: RemoteManifest
    public var content: Content
}
