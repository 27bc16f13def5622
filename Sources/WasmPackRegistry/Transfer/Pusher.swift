#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
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
        let mediaType = entry.mediaType.rawValue
        let firstTag = reference.tag ?? (reference.digest == nil ? "latest" : nil)
        var targets: [String] = firstTag.map { [$0] } ?? [entry.digest.description]
        targets += options.extraTags.filter { !targets.contains($0) }

        // A re-push of what the registry already holds: one HEAD says so, and nothing else is sent.
        // A registry stores a manifest only once all its blobs are there, so when the first name
        // already resolves to our digest every blob is present too. Each extra tag is checked with
        // its own HEAD and only the ones that name something else are written: a HEAD costs what a
        // PUT would, and leaves tags that are locked (ACR write-disabled tags) alone when unchanged.
        var pending = targets
        if try currentDigest(of: targets[0], repository: repository) == entry.digest {
            pending = []
            for target in targets.dropFirst() where try currentDigest(of: target, repository: repository) != entry.digest {
                pending.append(target)
            }
            // Its blobs are reported as they stand (present), without asking about each one.
            let present = try blobs(of: entry, in: layout)
            for blob in present {
                progress(.blobStarted(blob))
                progress(.blobExists(blob))
            }
            for target in targets where !pending.contains(target) {
                progress(.manifestExists(entry.digest, reference: target))
            }
            if !pending.isEmpty {
                let manifestBytes: [UInt8]
                do { manifestBytes = try layout.readBlob(entry) } catch { throw .layout(error) }
                for target in pending {
                    try putManifest(manifestBytes, mediaType: mediaType, digest: entry.digest, repository: repository, reference: target)
                    progress(.manifestPushed(entry.digest, reference: target))
                }
            }
            return result(
                entry, targets: targets, firstTag: firstTag, blobs: present.map { BlobTransfer($0, outcome: .existed) }, layout: layout)
        }

        var blobs: [BlobTransfer] = []
        let manifestBytes = try pushTree(
            entry, layout: layout, repository: repository, mountFrom: mountSource, blobs: &blobs, progress: progress)
        for target in targets {
            try putManifest(manifestBytes, mediaType: mediaType, digest: entry.digest, repository: repository, reference: target)
            progress(.manifestPushed(entry.digest, reference: target))
        }
        return result(entry, targets: targets, firstTag: firstTag, blobs: blobs, layout: layout)
    }

    /// What a push reports.
    private func result(_ entry: Descriptor, targets: [String], firstTag: String?, blobs: [BlobTransfer], layout: OCILayout) -> PushResult {
        PushResult(
            manifest: Descriptor(mediaType: entry.mediaType, digest: entry.digest, size: entry.size),
            tags: firstTag == nil ? Array(targets.dropFirst()) : targets,
            blobs: blobs, platform: entry.mediaType.isIndex ? nil : Self.platform(of: entry, in: layout))
    }

    /// Checks, before anything is built, that `reference`'s registry answers and that the
    /// credentials are good for its repository: `GET /v2/`, then a HEAD of the target manifest
    /// with the push scope (which fetches the token a push needs). A 401 or 403 is an error here,
    /// so a typo or a missing login fails in a second rather than after the build.
    ///
    /// A token service that grants pull but not push cannot be told apart without writing, so that
    /// case still fails at the first upload.
    public func checkAccess(to reference: Reference) throws(RegistryError) {
        try client.ping()
        let repository = reference.repository
        let request = manifestHead(reference.tag ?? reference.digest?.description ?? "latest", repository: repository)
        let response = try client.send(request, scopes: [.repository(repository, "pull", "push")], idempotent: true)
        if response.status == 401 || response.status == 403 {
            throw client.failure(response, for: request, repository: repository)
        }
    }

    /// The config and layers of a manifest, or of every manifest of an index, each once.
    private func blobs(of descriptor: Descriptor, in layout: OCILayout) throws(RegistryError) -> [Descriptor] {
        var found: [Descriptor] = []
        do throws(LayoutError) {
            let children = descriptor.mediaType.isIndex
                ? try layout.imageIndex(descriptor).manifests.filter { $0.mediaType.isManifest }
                : [descriptor]
            for child in children {
                let manifest = try layout.manifest(child)
                for blob in [manifest.config] + manifest.layers where !found.contains(where: { $0.digest == blob.digest }) {
                    found.append(blob)
                }
            }
        } catch {
            throw .layout(error)
        }
        return found
    }

    /// The digest `reference` (a tag or digest) names in `repository`, or nil when it names
    /// nothing or the registry does not say. Only an answer of 200 with Docker-Content-Digest counts:
    /// anything else lets the push go on and report what the registry says then.
    private func currentDigest(of reference: String, repository: String) throws(RegistryError) -> Digest? {
        let response = try client.send(
            manifestHead(reference, repository: repository), scopes: [.repository(repository, "pull", "push")], idempotent: true)
        guard response.status == 200, let header = response.header("Docker-Content-Digest") else { return nil }
        return try? Digest(parsing: header.trimmedWhitespace)
    }

    /// HEAD of a manifest, accepting every type we push (distribution 2.8 answers 404 for an OCI
    /// manifest when the Accept header leaves OCI types out).
    private func manifestHead(_ reference: String, repository: String) -> HTTPRequest {
        HTTPRequest(
            method: "HEAD", url: "\(client.baseURL)/v2/\(repository)/manifests/\(reference)",
            headers: [HTTPHeader("Accept", Puller.manifestAccept)])
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
        let (order, workers) = ParallelWork.plan(
            sizes: unique.map(\.size), roundTrips: ParallelWork.pushRoundTrips, concurrency: options.concurrency)
        try ParallelWork.run(count: unique.count, concurrency: workers, layout: layout.root) { job throws(RegistryError) in
            let index = order[job]
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
