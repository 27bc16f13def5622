import WasmPackArchive
import WasmPackLayout
import WasmPackOCI

/// One way of turning an app into OCI content: it adds its blobs (layers, config, manifest) to the
/// transaction and returns the manifest's descriptor. Formats never touch the registry.
protocol PackageFormat {
    func assemble(_ input: BuildInput, context: BuildContext, into layout: LayoutTransaction) throws(BuildError) -> Descriptor
}

/// Settings shared by every format, resolved from the options and the app.
struct BuildContext {
    var annotations: [String: String]
    var platform: Platform
    var component: String?
    var sourceDateEpoch: Int64?
    /// How a Spin app's /spin.toml is packed, from the target's layout.
    var manifestDialect: SpinManifestDialect = .asWritten
    /// For messages that name the target.
    var targetName: String = RuntimeTarget.default.name
    /// `--keep-manifest`: pack spin.toml and every file as written, without the direct-mount rewrite.
    var keepManifest = false
    /// `BuildOptions.progress`.
    var progress: (@Sendable (BuildEvent) -> Void)?

    /// A layer writer that reports each file it packs.
    var layerWriter: LayerWriter {
        var writer = LayerWriter(modificationTime: sourceDateEpoch ?? 0)
        if let progress { writer.onFile = { path in progress(.packing(path)) } }
        return writer
    }

    /// `org.opencontainers.image.created`, present only when SOURCE_DATE_EPOCH is set.
    var created: String? { sourceDateEpoch.map { Timestamp.rfc3339(secondsSinceEpoch: $0) } }
}
