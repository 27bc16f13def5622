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

/// What `spin registry push` publishes (Spin 2.4 and later, or 3.2 and later with composition off):
/// a `+wasm` layer per component source, a `+data` layer per file over 128 bytes (or one archive
/// layer of each component's files), the locked app as the last layer, an image config labelled
/// with the locked app's digest, and a canonical-JSON manifest without a top-level mediaType.
// formats.md §2.3 steps 3-10, §2.4; worked example §2.7 (vectors/spin.*.json).
struct SpinRegistryFormat: PackageFormat {
    /// Spin switches to archive layers above this many layers, the limit of Elastic Container Registry
    /// (`MAX_LAYER_COUNT = 500`, the locked-app layer being the 500th).
    static let maximumLayerCount = 499

    /// `--archive-layers` (Spin: env SPIN_OCI_ARCHIVE_LAYERS): files in one tar+gzip per component.
    var archiveLayers = false
    /// Downloaded `{ url, digest }` sources by digest (`BuildOptions.downloadedSources`).
    var downloadedSources: [String: String] = [:]

    func assemble(_ input: BuildInput, context: BuildContext, into layout: LayoutTransaction) throws(BuildError) -> Descriptor {
        guard case .app(let app) = input else {
            if case .module(let path) = input { throw .moduleNeedsWasmToOCI(path: path) }
            preconditionFailure("unhandled input")
        }
        let document = try Self.document(of: app)
        // Spin pushes component by component (formats.md §2.3): its wasm, its dependencies, then its
        // files; collected per component here and put in that order below.
        var wasmLayers: [String: [Descriptor]] = [:]
        var sources: [String: SpinContentRef] = [:]
        var dependencies: [String: [SpinLockedDependency]] = [:]
        for component in app.components {
            let path: String
            switch component.source {
            case .local(let file):
                path = file.absolutePath
            case .remote(_, let digest):
                guard let downloaded = downloadedSources[digest] else {
                    throw .remoteSourceNotPacked(manifest: app.manifestFile.absolutePath, id: component.id)
                }
                path = downloaded
            case .registry:
                throw .spinFormatUnsupported(
                    manifest: app.manifestFile.absolutePath, what: "registry package sources (component '\(component.id)')")
            }
            try Self.checkWasm(path)
            context.progress?(.packing(path))
            let layer = try Self.layout(layout) { () throws(LayoutError) in
                try layout.addBlob(copying: path, mediaType: .wasmContentLayer)
            }
            // Spin checks a downloaded source against its digest; the cached copy must still match.
            if case .remote(let url, let digest) = component.source, layer.digest.description != digest {
                throw .remoteSourceChanged(url: url, path: path, expected: digest)
            }
            wasmLayers[component.id, default: []].append(layer)
            sources[component.id] = SpinContentRef(inline: try Self.inlineBytes(of: path, size: layer.size), digest: layer.digest)
            // Each local dependency is its own wasm layer right after the component's (uncomposed
            // push), in dependency-name order; the same bytes already pushed stay one layer.
            var locked: [SpinLockedDependency] = []
            let table = Self.declaration(in: document, of: component.id, version: app.manifestVersion)
            for var dependency in try SpinLockedDependency.declared(
                in: table, manifestDirectory: app.rootDirectory, manifest: app.manifestFile.absolutePath, component: component.id) {
                try Self.checkWasm(dependency.path)
                let dependencyPath = dependency.path
                let dependencyLayer = try Self.layout(layout) { () throws(LayoutError) in
                    try layout.addBlob(copying: dependencyPath, mediaType: .wasmContentLayer)
                }
                wasmLayers[component.id, default: []].append(dependencyLayer)
                dependency.content = SpinContentRef(
                    inline: try Self.inlineBytes(of: dependencyPath, size: dependencyLayer.size), digest: dependencyLayer.digest)
                locked.append(dependency)
            }
            dependencies[component.id] = locked
        }
        // Each component's files in sorted path order (Spin walks the copied mount in filesystem
        // order, which differs between machines).
        let fileLists = Self.lockedPaths(app)
        var lockedFiles: [String: [SpinLockedFile]] = [:]
        var fileLayers: [String: [Descriptor]] = [:]
        for component in app.components {
            var locked: [SpinLockedFile] = []
            for (path, file) in fileLists[component.id] ?? [] {
                let size = try Self.size(of: file.absolutePath)
                let content: SpinContentRef
                if size <= Int64(SpinContentRef.inlineLimit) {
                    let bytes = try Self.inlineBytes(of: file.absolutePath, size: size) ?? []
                    content = SpinContentRef(inline: bytes, digest: SHA256Hasher.digest(of: bytes))
                } else {
                    context.progress?(.packing(path))
                    let layer = try Self.layout(layout) { () throws(LayoutError) in
                        try layout.addBlob(copying: file.absolutePath, mediaType: .spinDataLayer)
                    }
                    fileLayers[component.id, default: []].append(layer)
                    content = SpinContentRef(inline: nil, digest: layer.digest)
                }
                locked.append(SpinLockedFile(path: path, content: content))
            }
            lockedFiles[component.id] = locked
        }
        var layers = SpinLayerList()
        for component in app.components {
            for layer in (wasmLayers[component.id] ?? []) + (fileLayers[component.id] ?? []) { layers.append(layer) }
        }
        // Archive mode (asked for, or past the registry layer limit) starts again: per component its
        // wasm layers, then one archive of its files.
        if archiveLayers || layers.count > Self.maximumLayerCount {
            layers = SpinLayerList()
            for component in app.components {
                for layer in wasmLayers[component.id] ?? [] { layers.append(layer) }
                guard let files = fileLists[component.id], !files.isEmpty else { continue }
                layers.append(try Self.archive(files, context: context, into: layout))
            }
        }

        let lockedApp = SpinLockedApp(app: app, document: document, sources: sources, files: lockedFiles, dependencies: dependencies)
        let lockedBytes = JSONWriter(style: .serde).bytes(try lockedApp.json())
        return try Self.layout(layout) { () throws(LayoutError) in
            let lockedLayer = try layout.addBlob(lockedBytes, mediaType: .spinApplication)
            let config = try layout.addBlob(Self.configuration(lockedAppDigest: lockedLayer.digest), mediaType: .ociImageConfig)
            let annotations = Self.annotations(context)
            let manifest = ImageManifest(
                mediaType: nil, config: config, layers: layers.descriptors + [lockedLayer],
                annotations: annotations.isEmpty ? nil : annotations)
            var descriptor = try layout.addBlob(JSONBlob.bytes(manifest, style: .canonical), mediaType: .ociImageManifest)
            descriptor.platform = Self.platform
            return descriptor
        }
    }

    /// The platform the config names; also what index.json records for the manifest.
    static let platform = Platform(os: "wasip1", architecture: "wasm")

    /// `{"architecture":"wasm","os":"wasip1","config":{"Labels":{…}},"rootfs":{"type":"layers","diff_ids":[]}}`:
    /// oci-distribution's ConfigFile in struct order, with Spin's label giving every app its own
    /// image id (spinkube/spin-operator#40).
    static func configuration(lockedAppDigest: Digest) -> [UInt8] {
        let labels = JSONValue.object(
            [JSONMember(key: "com.fermyon.spin.lockedAppDigest", value: .string(lockedAppDigest.description))], sortedOnOutput: true)
        return JSONWriter(style: .serde).bytes(.object([
            JSONMember(key: "architecture", value: .string(platform.architecture)),
            JSONMember(key: "os", value: .string(platform.os)),
            JSONMember(key: "config", value: .object([JSONMember(key: "Labels", value: labels)], sortedOnOutput: false)),
            JSONMember(key: "rootfs", value: .object([
                JSONMember(key: "type", value: .string("layers")),
                JSONMember(key: "diff_ids", value: .array([])),
            ], sortedOnOutput: false)),
        ], sortedOnOutput: false))
    }

    /// The build's annotations, with `created` from SOURCE_DATE_EPOCH written as chrono's
    /// `to_rfc3339` writes it (`+00:00`, not `Z`), as Spin does. An explicit value is kept as given.
    static func annotations(_ context: BuildContext) -> [String: String] {
        var annotations = context.annotations
        if let created = context.created, annotations[AnnotationKey.created] == created, created.hasSuffix("Z") {
            annotations[AnnotationKey.created] = created.dropLast() + "+00:00"
        }
        return annotations
    }

    // MARK: files

    /// Each component's files by the path Spin records: below the mount root, no leading `/`; sorted.
    static func lockedPaths(_ app: SpinApp) -> [String: [(String, AppFile)]] {
        var result: [String: [(String, AppFile)]] = [:]
        for component in app.components {
            let paths = component.files.map { file -> (String, AppFile) in
                let destination = file.destination ?? file.relativePath
                return (String(destination.drop { $0 == "/" }), file)
            }
            result[component.id] = paths.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }
        }
        return result
    }

    /// One component's files as an `…bundle.v1.tar+gzip` layer, written reproducibly.
    static func archive(_ files: [(String, AppFile)], context: BuildContext, into layout: LayoutTransaction) throws(BuildError) -> Descriptor {
        let path = layout.temporaryPath(suffix: "tar.gz")
        let written: LayerResult
        do {
            written = try context.layerWriter
                .write(entries: files.map { LayerEntry(path: $0.0, sourceFile: $0.1.absolutePath) }, to: path)
        } catch {
            throw .archive(error)
        }
        let layer = Descriptor(mediaType: .spinArchiveLayer, digest: written.digest, size: written.size)
        try Self.layout(layout) { () throws(LayoutError) in try layout.adoptBlob(at: path, as: layer) }
        context.progress?(.layerWritten(layer))
        return layer
    }

    /// The component's table in spin.toml (v2 `[component.<id>]`; v1 has no dependencies).
    static func declaration(in document: TOMLTable, of id: String, version: SpinManifestVersion) -> TOMLTable {
        guard version == .v2 else { return TOMLTable() }
        return document["component"]?.table?[id]?.table ?? TOMLTable()
    }

    // MARK: reading

    /// The parsed spin.toml: the locked app needs triggers, variables and settings the Spin model
    /// does not carry. Bounded like the reader's own read.
    static func document(of app: SpinApp) throws(BuildError) -> TOMLTable {
        let source = app.manifestFile.absolutePath
        let bytes = try read(source, limit: ScratchImageFormat.manifestSizeLimit)
        do { return try TOMLReader.parse(bytes) } catch {
            throw .manifest(.syntaxError(manifest: source, line: error.line, column: error.column, message: error.reason.description))
        }
    }

    /// The bytes of a file of `size` bytes when Spin inlines it (128 bytes or fewer), else nil.
    static func inlineBytes(of path: String, size: Int64) throws(BuildError) -> [UInt8]? {
        guard size <= Int64(SpinContentRef.inlineLimit) else { return nil }
        let bytes = try read(path, limit: SpinContentRef.inlineLimit + 1)
        // The file changed since it was hashed: its digest would not match its inline bytes.
        guard bytes.count == size else { throw .cannotReadInput(path: path, errno: EAGAIN) }
        return bytes
    }

    static func read(_ path: String, limit: Int) throws(BuildError) -> [UInt8] {
        do { return try FileContents.read(atPath: path, upTo: limit) } catch {
            throw .cannotReadInput(path: path, errno: error.code)
        }
    }

    static func size(of path: String) throws(BuildError) -> Int64 {
        var status = stat()
        guard stat(path, &status) == 0 else { throw .cannotReadInput(path: path, errno: errno) }
        return Int64(status.st_size)
    }

    /// Spin (3.4+) refuses a source that is not wasm; so does the build, before anything is written.
    static func checkWasm(_ path: String) throws(BuildError) {
        switch WasmModuleCheck.check(path) {
        case .wasm: return
        case .notWasm: throw .notAWasmModule(path: path)
        case .notARegularFile(let kind): throw .notARegularFile(path: path, kind: kind)
        case .unreadable(let code): throw .cannotReadInput(path: path, errno: code)
        }
    }

    static func layout<Value>(_ layout: LayoutTransaction, _ body: () throws(LayoutError) -> Value) throws(BuildError) -> Value {
        do { return try body() } catch { throw .layout(error) }
    }
}
