#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import Synchronization
import WasmPackArchive
import WasmPackLayout
import WasmPackOCI

/// Pulls an image into an OCI image layout, checking every blob's size and digest while it
/// streams to disk; any mismatch leaves no blob and no index entry behind.

public struct Puller: Sendable {
    /// Everything wasmpack can read, most specific first (a registry picks the first it has).
    public static let manifestAccept = [
        MediaType.ociImageManifest, .ociImageIndex, .dockerManifest, .dockerManifestList,
    ].map(\.rawValue).joined(separator: ", ")
    /// The spec asks registries to accept manifests of at least 4 MiB; more is refused unread.
    public static let manifestLimit = 4 << 20

    public let client: RegistryClient
    public let concurrency: Int
    /// How far `extractTo` may expand the layers (gzip bombs); `pull --max-extract-*` raise it.
    public var extractionLimits = ExtractionLimits()
    /// Formats that extract their own way (the first that handles the manifest wins); others get
    /// the generic extraction.
    public var extractors: [any ArtifactExtractor] = []

    public init(client: RegistryClient, concurrency: Int = 4) {
        self.client = client
        self.concurrency = concurrency
    }

    /// - Parameters:
    ///   - platform: which manifest of an index to take; default wasi/wasm, then any wasm entry.
    ///   - extractTo: also write the app's files there (layers unpacked; a wasm artifact as its module file).
    public func pull(
        _ reference: Reference, into layoutDirectory: String, platform: Platform? = nil, extractTo: String? = nil,
        progress: @escaping @Sendable (TransferEvent) -> Void = { _ in }
    ) throws(RegistryError) -> PullResult {
        try client.ping()
        let repository = reference.repository
        let top = try fetchManifest(reference.digest?.description ?? reference.tag ?? "latest", repository: repository, reference: reference)
        if let pinned = reference.digest, pinned != top.descriptor.digest {
            throw .digestMismatch(what: "the manifest of \(reference)", expected: pinned, actual: top.descriptor.digest)
        }

        var chosen = top
        if top.descriptor.mediaType.isIndex {
            let index: ImageIndex
            do { index = try JSONDecoder().decode(ImageIndex.self, from: Data(top.bytes)) } catch {
                throw .invalidResponse(request: "GET manifest \(reference)", detail: "the index is not valid JSON")
            }
            let entry = try Self.select(from: index, platform: platform, reference: reference.description)
            chosen = try fetchManifest(entry.digest.description, repository: repository, reference: reference)
            guard chosen.descriptor.digest == entry.digest else {
                throw .digestMismatch(what: "a manifest of the index \(reference)", expected: entry.digest, actual: chosen.descriptor.digest)
            }
        }
        guard chosen.descriptor.mediaType.isManifest else {
            throw .unsupportedMediaType(reference: reference.description, mediaType: chosen.descriptor.mediaType.rawValue)
        }
        let manifest: ImageManifest
        do { manifest = try JSONDecoder().decode(ImageManifest.self, from: Data(chosen.bytes)) } catch {
            throw .invalidResponse(request: "GET manifest \(reference)", detail: "the manifest is not valid JSON")
        }

        let transaction: LayoutTransaction
        do { transaction = try LayoutTransaction(destination: layoutDirectory) } catch { throw .layout(error) }
        var blobs: [Descriptor] = []
        for blob in [manifest.config] + manifest.layers where !blobs.contains(where: { $0.digest == blob.digest }) {
            blobs.append(blob)
        }
        let paths = blobs.map { _ in transaction.temporaryPath(suffix: "blob") }
        let downloader = BlobDownloader(client: client, repository: repository, progress: progress)
        let unique = blobs
        let destination = transaction.destination
        // What the layout already held of each blob, found by hashing it: an intact one is read
        // from the layout (never rewritten), a damaged one is fetched again and replaces it on commit.
        let states = Mutex([LayoutBlobState](repeating: .absent, count: unique.count))
        let (order, workers) = ParallelWork.plan(
            sizes: unique.map(\.size), roundTrips: ParallelWork.pullRoundTrips, concurrency: concurrency)
        try ParallelWork.run(count: unique.count, concurrency: workers, layout: layoutDirectory) { job throws(RegistryError) in
            let index = order[job]
            progress(.blobStarted(unique[index]))
            let state: LayoutBlobState
            do throws(LayoutError) { state = try destination.blobState(unique[index]) } catch { throw .layout(error) }
            states.withLock { $0[index] = state }
            if state == .intact {
                progress(.blobPresent(unique[index]))
                return
            }
            try downloader.download(unique[index], to: paths[index])
            progress(.blobDownloaded(unique[index]))
        }
        let found = states.withLock { $0 }
        // Where each verified blob is until the commit: the layout's own file, or the download.
        let sources = zip(unique, zip(paths, found)).map { blob, item in
            item.1 == .intact ? destination.blobPath(for: blob.digest) : item.0
        }

        // A single manifest has nothing to choose from: --platform can only be checked against
        // what its config names. Another platform is an error (as `docker pull --platform` has it);
        // a config that names none (an artifact's) gets a warning.
        // Read before adoption moves the file into the layout; verified, and small by the same
        // limit as a manifest (a bigger config simply names no platform here).
        let configPlatform = manifest.config.size <= Self.manifestLimit
            ? FileManager.default.contents(atPath: sources[0]).flatMap { Platform(configuration: Array($0), mediaType: manifest.config.mediaType) }
            : nil
        var warnings: [String] = []
        if let platform, !top.descriptor.mediaType.isIndex {
            if let configPlatform {
                guard Self.matches(configPlatform, platform) else {
                    throw .platformMismatch(reference: reference.description, requested: platform.description, actual: configPlatform.description)
                }
            } else {
                warnings.append("--platform \(platform) ignored: \(reference) is a single manifest whose config (\(manifest.config.mediaType.rawValue)) names no platform")
            }
        }

        // Extract from the verified downloads before the layout changes: a failed extraction
        // (a gzip bomb, a full disk, a target that is a file) then leaves the layout as it was.
        var extracted: [String] = []
        if let extractTo {
            let downloaded = Dictionary(zip(blobs.map(\.digest), sources), uniquingKeysWith: { first, _ in first })
            if let format = extractors.first(where: { $0.handles(manifest) }) {
                do {
                    extracted = try format.extract(manifest, blobPath: { downloaded[$0] ?? "" }, into: extractTo, limits: extractionLimits)
                } catch let error as ExtractionError {
                    throw .extraction(error)
                } catch {
                    throw .artifact(reference: reference.description, detail: "\(error)")
                }
            } else {
                extracted = try Self.extract(manifest, blobPath: { downloaded[$0] ?? "" }, into: extractTo, limits: extractionLimits)
            }
        }
        let layoutTag = reference.tag ?? "latest"
        do {
            for (blob, (path, state)) in zip(blobs, zip(paths, found)) {
                if state == .intact {
                    transaction.keepBlob(blob)
                } else {
                    try transaction.adoptBlob(at: path, as: blob, replacing: state == .damaged)
                }
            }
            var entry = try transaction.addBlob(chosen.bytes, mediaType: chosen.descriptor.mediaType)
            entry.annotations = [Pusher.sourceAnnotation: "\(reference.registry)/\(repository)"]
            if manifest.config.mediaType.isImageConfig { entry.platform = configPlatform }
            transaction.tag(entry, as: [layoutTag])
            try transaction.commit()
        } catch {
            throw .layout(error)
        }
        progress(.manifestPulled(chosen.descriptor.digest, reference: reference.description))
        var result = PullResult(
            digest: chosen.descriptor.digest, manifest: chosen.descriptor, layout: layoutDirectory, extractedFiles: extracted)
        result.format = ArtifactFormat(manifest)
        result.warnings = warnings
        result.tags = [layoutTag]
        result.platform = configPlatform
        result.blobs = zip(blobs, found).map { BlobTransfer($0, outcome: $1 == .intact ? .present : .downloaded) }
        return result
    }

    struct FetchedManifest {
        var descriptor: Descriptor
        var bytes: [UInt8]
    }

    func fetchManifest(_ tagOrDigest: String, repository: String, reference: Reference) throws(RegistryError) -> FetchedManifest {
        let fetched = try ManifestStore(client: client, repository: repository).manifest(tagOrDigest, reference: reference.description)
        return FetchedManifest(descriptor: fetched.descriptor, bytes: fetched.bytes)
    }

    /// The platform's entry; without one, wasi/wasm, then any wasm entry, then the only entry.
    static func select(from index: ImageIndex, platform: Platform?, reference: String) throws(RegistryError) -> Descriptor {
        let entries = index.manifests.filter { $0.mediaType.isManifest }
        func matches(_ entry: Descriptor, _ wanted: Platform) -> Bool {
            guard let candidate = entry.platform else { return false }
            return Self.matches(candidate, wanted)
        }
        if let platform {
            if let entry = entries.first(where: { matches($0, platform) }) { return entry }
        } else if let entry = entries.first(where: { matches($0, .wasiWasm) })
                    ?? entries.first(where: { $0.platform?.architecture == "wasm" }) {
            return entry
        } else if entries.count == 1 {
            return entries[0]
        }
        throw .platformNotFound(
            reference: reference, platform: (platform ?? .wasiWasm).description,
            available: entries.map { $0.platform?.description ?? "unknown" })
    }

    /// Whether `candidate` is what `wanted` asks for (a variant only when `wanted` names one).
    static func matches(_ candidate: Platform, _ wanted: Platform) -> Bool {
        candidate.os == wanted.os && candidate.architecture == wanted.architecture
            && (wanted.variant == nil || candidate.variant == wanted.variant)
    }

    static let tarLayerTypes: Set<MediaType> = [.ociLayerTar, .ociLayerTarGzip, .dockerLayerTarGzip, .spinArchiveLayer]
    static let moduleLayerTypes: Set<MediaType> = [.wasmContentLayer, .wasm]

    /// Writes the app's files: image layers unpacked, wasm layers as files named by their title.
    static func extract(
        _ manifest: ImageManifest, blobPath: (Digest) -> String, into directory: String, limits: ExtractionLimits = ExtractionLimits()
    ) throws(RegistryError) -> [String] {
        // The CNCF layout: layer 0 is the entry point and a consumer must refuse any other count,
        // as oci-wasm (wkg, Spin) does; writing several modules would pick an entry point for the user.
        if ArtifactFormat(manifest) == .wasm, manifest.layers.count != 1 {
            throw .wasmArtifactLayerCount(manifest.layers.count)
        }
        var files: [String] = []
        var extractedSize: Int64 = 0
        for layer in manifest.layers {
            if ProcessCancellation.isRequested { throw .layout(.interrupted(path: directory)) }
            if tarLayerTypes.contains(layer.mediaType) {
                do {
                    let unpacked = try LayerExtractor().extract(
                        layer: blobPath(layer.digest), into: directory, limits: limits, extractedBefore: extractedSize)
                    files += unpacked.files
                    extractedSize += unpacked.size
                } catch {
                    throw .extraction(error)
                }
            } else if moduleLayerTypes.contains(layer.mediaType) {
                let title = layer.title ?? "module.wasm"
                guard !title.isEmpty, !title.contains("/"), title != ".", title != ".." else { throw .unsafeFileName(title: title) }
                do {
                    try LayerExtractor().extractFile(blob: blobPath(layer.digest), named: title, into: directory)
                    files.append(title)
                } catch {
                    throw .extraction(error)
                }
            }
        }
        // A later layer may replace an earlier layer's file: list each path once.
        return Array(Set(files)).sorted()
    }
}
