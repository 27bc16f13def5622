import WasmPackPlatform
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackArchive
import WasmPackLayout
import WasmPackOCI
import WasmPackSpin

/// The image a Dockerfile `FROM scratch` + `COPY` of the runtime's files would give: one tar+gzip
/// layer, an image config for the target's platform (with the Entrypoint only where the runtime
/// reads it), and a single manifest (no index: with an index the shims' Kubernetes nodes failed to
/// match the platform, deislabs/containerd-wasm-shims#154).
///
/// For a Spin app the layer holds /spin.toml and each file at its path relative to the manifest
/// (formats.md §4.1, §4.2); other layouts hand over their files ready made (`TargetInput`).
struct ScratchImageFormat: PackageFormat {
    /// The containerd Spin shim reads the manifest from this fixed path.
    static let manifestPathInImage = "spin.toml"
    static let manifestSizeLimit = 16 << 20

    func assemble(_ input: BuildInput, context: BuildContext, into layout: LayoutTransaction) throws(BuildError) -> Descriptor {
        guard case .app(let app) = input else {
            if case .module(let path) = input { throw .moduleNeedsWasmToOCI(path: path) }
            preconditionFailure("unhandled input")
        }
        // issue 8 §3: files the shim cannot mount directly are repacked under one folder per
        // component, unless the user asked for the manifest as written.
        let rewrite = context.keepManifest ? nil : DirectMountRewrite(app: app)
        let manifestSource = try packedManifest(app, rewrite: rewrite, context: context, layout: layout)
        var entries = [LayerEntry(path: Self.manifestPathInImage, sourceFile: manifestSource)]
        let files = try rewrite?.entries() ?? app.files.map { LayerEntry(path: $0.relativePath, sourceFile: $0.absolutePath) }
        for file in files {
            guard file.path != Self.manifestPathInImage else {
                throw .manifestPathTaken(manifest: app.manifestFile.absolutePath)
            }
            entries.append(file)
        }
        let directories = try rewrite?.directories() ?? app.directories
        return try Self.writeImage(ImageContent(entries: entries, directories: directories), context: context, into: layout)
    }

    /// The file whose bytes become /spin.toml: the app's own when nothing needs changing, else a
    /// rewritten copy in the layout's staging area (the source manifest is never touched). The
    /// direct-mount rewrite and Spin 0.x's `spin_version` conversion share one parse and one write.
    private func packedManifest(
        _ app: SpinApp, rewrite: DirectMountRewrite?, context: BuildContext, layout: LayoutTransaction
    ) throws(BuildError) -> String {
        let source = app.manifestFile.absolutePath
        let rewrite = rewrite?.isNeeded == true ? rewrite : nil
        guard context.manifestDialect == .spinVersion1 || rewrite != nil else { return source }
        // Bounded like SpinManifestReader's own read (a manifest is a few KiB; 16 MiB is its limit),
        // in case the file grew since it was read.
        let bytes: [UInt8]
        do { bytes = try FileContents.read(atPath: source, upTo: Self.manifestSizeLimit) } catch {
            throw .cannotReadInput(path: source, errno: error.code)
        }
        var document: TOMLTable
        do { document = try TOMLReader.parse(bytes) } catch {
            throw .manifest(.syntaxError(manifest: source, line: error.line, column: error.column, message: error.reason.description))
        }
        if let rewrite { document = rewrite.rewrite(document) }
        if context.manifestDialect == .spinVersion1 {
            document = try SpinVersion1Manifest(manifestPath: source, targetName: context.targetName).convert(document)
        }
        let text = TOMLWriter.document(document)
        let path = layout.temporaryPath(suffix: "toml")
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .archive(.cannotCreateOutput(path, errno: errno)) }
        defer { close(descriptor) }
        var remaining = Array(text.utf8)[...]
        while !remaining.isEmpty {
            let count = remaining.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw .archive(.cannotWriteOutput(path, errno: errno)) }
            remaining = remaining.dropFirst(count)
        }
        return path
    }

    /// Writes the layer, the config and the manifest of `content` into the layout.
    static func writeImage(_ content: ImageContent, context: BuildContext, into layout: LayoutTransaction) throws(BuildError) -> Descriptor {
        let layerFile = layout.temporaryPath(suffix: "tar.gz")
        let written: LayerResult
        do {
            // issue 8 §1: directories a component mounts are kept even when empty.
            written = try context.layerWriter
                .write(entries: content.entries, directories: content.directories, to: layerFile)
        } catch {
            throw .archive(error)
        }
        let layer = Descriptor(mediaType: .ociLayerTarGzip, digest: written.digest, size: written.size)
        do {
            try layout.adoptBlob(at: layerFile, as: layer)
            context.progress?(.layerWritten(layer))
            var runDefaults: ImageConfiguration.ContainerConfig?
            if let entrypoint = content.entrypoint {
                runDefaults = ImageConfiguration.ContainerConfig()
                runDefaults?.entrypoint = entrypoint
            }
            let configuration = ImageConfiguration(
                platform: context.platform, rootfs: .init(diffIDs: [written.diffID]), created: context.created,
                config: runDefaults)
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
