import WasmPackArchive
import WasmPackLayout
import WasmPackOCI
import WasmPackSpin

/// The image a Dockerfile `FROM scratch` + `COPY spin.toml .` + `COPY` of every wasm and static
/// file would give: one tar+gzip layer with /spin.toml and each file at its path relative to the
/// manifest, an image config for wasi/wasm, and a single manifest (no index: with an index the
/// Spin shim's Kubernetes nodes failed to match the platform, deislabs/containerd-wasm-shims#154).
struct ScratchImageFormat: PackageFormat {
    /// The containerd Spin shim reads the manifest from this fixed path.
    static let manifestPathInImage = "spin.toml"

    func assemble(_ input: BuildInput, context: BuildContext, into layout: LayoutTransaction) throws(BuildError) -> Descriptor {
        guard case .app(let app) = input else {
            if case .module(let path) = input { throw .moduleNeedsWasmToOCI(path: path) }
            preconditionFailure("unhandled input")
        }
        var entries = [LayerEntry(path: Self.manifestPathInImage, sourceFile: app.manifestFile.absolutePath)]
        for file in app.files {
            guard file.relativePath != Self.manifestPathInImage else {
                throw .manifestPathTaken(manifest: app.manifestFile.absolutePath)
            }
            entries.append(LayerEntry(path: file.relativePath, sourceFile: file.absolutePath))
        }

        let layerFile = layout.temporaryPath(suffix: "tar.gz")
        let written: LayerResult
        do {
            // issue 8 §1: directories a component mounts are kept even when empty.
            written = try LayerWriter(modificationTime: context.sourceDateEpoch ?? 0)
                .write(entries: entries, directories: app.directories, to: layerFile)
        } catch {
            throw .archive(error)
        }
        let layer = Descriptor(mediaType: .ociLayerTarGzip, digest: written.digest, size: written.size)
        do {
            try layout.adoptBlob(at: layerFile, as: layer)
            let configuration = ImageConfiguration(
                platform: context.platform, rootfs: .init(diffIDs: [written.diffID]), created: context.created)
            let config = try layout.addBlob(JSONBlob.bytes(configuration), mediaType: .ociImageConfig)
            let manifest = ImageManifest(
                config: config, layers: [layer],
                annotations: context.annotations.isEmpty ? nil : context.annotations)
            var descriptor = try layout.addBlob(JSONBlob.bytes(manifest), mediaType: .ociImageManifest)
            descriptor.platform = context.platform
            return descriptor
        } catch {
            throw .layout(error)
        }
    }
}
