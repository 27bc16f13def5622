#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization
import WasmPackOCI

/// Copies an image (a manifest, or an index and its manifests) from one repository to another,
/// on the same registry or another, without writing anything to disk.
///
/// Blobs stream from the source's GET into the destination's PUT through a small pipe, hashed on
/// the way (`BlobUploader`), so wrong bytes from the source never complete an upload. Blobs the
/// destination has are skipped; on one registry they are mounted. Manifests keep their exact
/// bytes (so their digests), children before their index, and the tags go last: a failure never
/// leaves a tag naming something with missing blobs.
public struct ImageCopier: Sendable {
    public let source: RegistryClient
    public let destination: RegistryClient
    /// Concurrency (blobs at once); `extraTags` are the `-t` tags.
    public let options: PushOptions

    public init(source: RegistryClient, destination: RegistryClient, options: PushOptions = PushOptions()) {
        self.source = source
        self.destination = destination
        self.options = options
    }

    /// Copies `from` to `to`. The destination's tag is its own, else the source's; a source
    /// named by digest alone goes to a destination without tag by digest.
    public func copy(
        from: Reference, to: Reference, progress: @escaping @Sendable (TransferEvent) -> Void = { _ in }
    ) throws(RegistryError) -> CopyResult {
        try source.ping()
        if destination !== source { try destination.ping() }
        let sourceStore = ManifestStore(client: source, repository: from.repository)
        let top = try sourceStore.manifest(from.tagOrDigest, reference: from.description)
        if let pinned = to.digest, pinned != top.descriptor.digest {
            throw .copyDigestConflict(destination: to.description, source: top.descriptor.digest)
        }
        // Same registry (same host, so the same credentials): the destination can mount.
        let mountFrom = source.registry.host == destination.registry.host && from.repository != to.repository ? from.repository : nil
        let blobSource = BlobStreamSource(client: source, repository: from.repository)
        let uploader = BlobUploader(client: destination, options: options, repository: to.repository, progress: progress)
        let destinationStore = ManifestStore(client: destination, repository: to.repository)

        var blobs: [CopyResult.Blob] = []
        try copyTree(top, reference: from, sourceStore: sourceStore, destinationStore: destinationStore,
                     uploader: uploader, blobSource: blobSource, mountFrom: mountFrom, blobs: &blobs, progress: progress)

        var tags: [String] = []
        if let tag = to.tag ?? (to.digest == nil ? from.tag : nil) { tags.append(tag) }
        tags += options.extraTags.filter { !tags.contains($0) }
        let targets = tags.isEmpty ? [top.descriptor.digest.description] : tags
        for target in targets {
            try destinationStore.put(top, as: target)
            progress(.manifestPushed(top.descriptor.digest, reference: target))
        }
        return CopyResult(manifest: top.descriptor, tags: tags, blobs: blobs)
    }

    /// Copies a manifest's blobs, or an index's manifests (each put by digest), recursively.
    private func copyTree(
        _ manifest: RemoteManifest, reference: Reference, sourceStore: ManifestStore, destinationStore: ManifestStore,
        uploader: BlobUploader, blobSource: BlobStreamSource, mountFrom: String?, blobs: inout [CopyResult.Blob],
        progress: @escaping @Sendable (TransferEvent) -> Void
    ) throws(RegistryError) {
        let document = reference.description
        if manifest.descriptor.mediaType.isIndex {
            let index: ImageIndex
            do { index = try JSONDecoder().decode(ImageIndex.self, from: Data(manifest.bytes)) } catch {
                throw .invalidResponse(request: "GET manifest \(document)", detail: "the index is not valid JSON")
            }
            for child in index.manifests {
                let fetched = try sourceStore.manifest(child.digest.description, reference: "\(reference.name)@\(child.digest)")
                var childManifest = fetched
                // The index's descriptor says what the child is; the registry's Content-Type may be generic.
                childManifest.descriptor.mediaType = child.mediaType
                try copyTree(childManifest, reference: reference.withDigest(child.digest), sourceStore: sourceStore,
                             destinationStore: destinationStore, uploader: uploader, blobSource: blobSource,
                             mountFrom: mountFrom, blobs: &blobs, progress: progress)
                try destinationStore.put(childManifest, as: child.digest.description)
            }
            return
        }
        guard manifest.descriptor.mediaType.isManifest else {
            throw .unsupportedMediaType(reference: document, mediaType: manifest.descriptor.mediaType.rawValue)
        }
        let image: ImageManifest
        do { image = try JSONDecoder().decode(ImageManifest.self, from: Data(manifest.bytes)) } catch {
            throw .invalidResponse(request: "GET manifest \(document)", detail: "the manifest is not valid JSON")
        }
        var unique: [Descriptor] = []
        for blob in [image.config] + image.layers where !unique.contains(where: { $0.digest == blob.digest }) {
            unique.append(blob)
        }
        let list = unique
        let outcomes = Mutex<[CopyResult.Outcome?]>(Array(repeating: nil, count: list.count))
        try ParallelWork.run(count: list.count, concurrency: options.concurrency, layout: destinationStore.repository) { index throws(RegistryError) in
            progress(.blobStarted(list[index]))
            var event = try uploader.upload(list[index], streamingFrom: blobSource, mountFrom: mountFrom)
            let outcome: CopyResult.Outcome
            switch event {
            case .blobExists: outcome = .existed
            case .blobMounted: outcome = .mounted
            default:
                outcome = .copied
                // Sent, but read from the source registry rather than a file: the display says so.
                event = .blobCopied(list[index])
            }
            outcomes.withLock { $0[index] = outcome }
            progress(event)
        }
        let done = outcomes.withLock { $0 }
        for (blob, outcome) in zip(list, done) { blobs.append(CopyResult.Blob(descriptor: blob, outcome: outcome ?? .copied)) }
    }
}
