import Foundation
import Synchronization
import WasmPackLayout
import WasmPackOCI

/// Pushes an image from an OCI image layout to a repository.
///
/// Every blob is checked with HEAD first and skipped when present; a blob the layout says came from
/// another repository of the same registry is mounted; the rest is uploaded, in parallel, as a
/// streaming monolithic PUT or (for big blobs, or when the registry asks) chunked PATCHes that
/// resume from the registry's Range. The manifest goes last with its exact bytes, and the
/// registry's Docker-Content-Digest must equal ours.
public struct Pusher: Sendable {
    /// Index-entry annotation recording where a pulled image came from (`registry/repository`).
    public static let sourceAnnotation = "io.wasmpack.source"

    public let client: RegistryClient
    public let options: PushOptions

    public init(client: RegistryClient, options: PushOptions = PushOptions()) {
        self.client = client
        self.options = options
    }

    /// Pushes the layout's image tagged `tag` (or `latest`, or its only image) to `reference`.
    /// - Returns: the manifest pushed, the tags it got and what happened to each blob.
    @discardableResult
    public func push(
        layout: OCILayout, tag: String?, to reference: Reference,
        progress: @escaping @Sendable (TransferEvent) -> Void = { _ in }
    ) throws(RegistryError) -> PushResult {
        let entry: Descriptor
        do { entry = try layout.descriptor(tag: tag) } catch { throw .layout(error) }
        var mountSource: String?
        if let source = entry.annotations?[Self.sourceAnnotation],
           let slash = source.firstIndex(of: "/"), String(source[..<slash]) == reference.registry,
           String(source[source.index(after: slash)...]) != reference.repository {
            mountSource = String(source[source.index(after: slash)...])
        }

        // Every blob of the image, indexes' children included, is checked before the registry
        // is contacted: a regular file of the right size inside the layout (never a symlink
        // out of it), manifests and indexes also by digest. Layers are hashed while they are sent.
        do { _ = try layout.blobsReachable(from: entry) } catch { throw .layout(error) }
        try client.ping()
        let repository = reference.repository
        var blobs: [BlobTransfer] = []
        let manifestBytes = try pushTree(
            entry, layout: layout, repository: repository, mountFrom: mountSource, blobs: &blobs, progress: progress)

        let mediaType = entry.mediaType.rawValue
        let firstTag = reference.tag ?? (reference.digest == nil ? "latest" : nil)
        var targets: [String] = firstTag.map { [$0] } ?? [entry.digest.description]
        targets += options.extraTags.filter { !targets.contains($0) }
        for target in targets {
            try putManifest(manifestBytes, mediaType: mediaType, digest: entry.digest, repository: repository, reference: target)
            progress(.manifestPushed(entry.digest, reference: target))
        }
        return PushResult(
            manifest: Descriptor(mediaType: entry.mediaType, digest: entry.digest, size: entry.size),
            tags: firstTag == nil ? Array(targets.dropFirst()) : targets,
            blobs: blobs, platform: entry.mediaType.isIndex ? nil : Self.platform(of: entry, in: layout))
    }

    /// The platform the manifest's config names. Results only report it, so a config that cannot
    /// be read here (the push itself has just sent it) gives none rather than failing a finished push.
    private static func platform(of entry: Descriptor, in layout: OCILayout) -> Platform? {
        guard let manifest = try? layout.manifest(entry), let bytes = try? layout.readBlob(manifest.config) else { return nil }
        return Platform(configuration: bytes, mediaType: manifest.config.mediaType)
    }

    /// Pushes a manifest's blobs (or an index's manifests, recursively) and returns its bytes;
    /// each blob not already in `blobs` is appended with its outcome.
    private func pushTree(
        _ descriptor: Descriptor, layout: OCILayout, repository: String, mountFrom: String?,
        blobs transfers: inout [BlobTransfer], progress: @escaping @Sendable (TransferEvent) -> Void
    ) throws(RegistryError) -> [UInt8] {
        let bytes: [UInt8]
        do { bytes = try layout.readBlob(descriptor) } catch { throw .layout(error) }
        if descriptor.mediaType.isIndex {
            let index: ImageIndex
            do { index = try layout.imageIndex(descriptor) } catch { throw .layout(error) }
            for child in index.manifests {
                let childBytes = try pushTree(
                    child, layout: layout, repository: repository, mountFrom: mountFrom, blobs: &transfers, progress: progress)
                try putManifest(childBytes, mediaType: child.mediaType.rawValue, digest: child.digest, repository: repository, reference: child.digest.description)
            }
            return bytes
        }
        let manifest: ImageManifest
        do { manifest = try layout.manifest(descriptor) } catch { throw .layout(error) }
        var blobs: [Descriptor] = []
        for blob in [manifest.config] + manifest.layers
        where !blobs.contains(where: { $0.digest == blob.digest }) && !transfers.contains(where: { $0.descriptor.digest == blob.digest }) {
            blobs.append(blob)
        }
        let uploader = BlobUploader(client: client, options: options, repository: repository, progress: progress)
        let unique = blobs
        let outcomes = Mutex<[BlobOutcome?]>(Array(repeating: nil, count: unique.count))
        try ParallelWork.run(count: unique.count, concurrency: options.concurrency, layout: layout.root) { index throws(RegistryError) in
            let blob = unique[index]
            let file: String
            do throws(LayoutError) { file = try layout.checkedBlobFile(blob) } catch { throw .layout(error) }
            progress(.blobStarted(blob))
            let event = try uploader.upload(blob, from: file, mountFrom: mountFrom)
            let outcome: BlobOutcome? = switch event {
            case .blobExists: .existed
            case .blobMounted: .mounted
            case .blobUploaded: .uploaded
            default: nil
            }
            outcomes.withLock { $0[index] = outcome }
            progress(event)
        }
        let finished = outcomes.withLock { $0 }
        for (blob, outcome) in zip(unique, finished) {
            if let outcome { transfers.append(BlobTransfer(blob, outcome: outcome)) }
        }
        // Blobs uploaded, yet an interrupt came: the manifest (what makes a tag move) stays unsent.
        if ProcessCancellation.isRequested { throw .layout(.interrupted(path: layout.root)) }
        return bytes
    }

    private func putManifest(_ bytes: [UInt8], mediaType: String, digest: Digest, repository: String, reference: String) throws(RegistryError) {
        let manifest = RemoteManifest(descriptor: Descriptor(mediaType: MediaType(mediaType), digest: digest, size: Int64(bytes.count)), bytes: bytes)
        try ManifestStore(client: client, repository: repository).put(manifest, as: reference)
    }
}
