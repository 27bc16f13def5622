import WasmPackPlatform
import WasmPackOCI

/// Adds blobs and tags to an image layout all at once or not at all.
///
/// Blobs are written into a hidden staging directory beside the destination. `commit()` takes the
/// layout's lock (`LayoutLock`), re-reads index.json under it, moves the blobs in and only then
/// replaces `index.json` (write, sync, rename), so an error or an interrupt before that leaves the
/// previous layout exactly as it was and no partial blob in it, and concurrent writers each keep
/// their tags. A new layout gets its `oci-layout` file last: only then is it a layout to readers.
///
/// The staging directory is registered with `ProcessCancellation`, and `adoptBlob`, `addBlob`
/// and `commit` stop with `.interrupted` once an interrupt is requested.
public final class LayoutTransaction {
    public let destination: OCILayout
    private let staging: String
    private let cleanup: ProcessCancellation.CleanupToken
    /// Parents of the destination that `init` had to create; removed again if nothing is committed.
    private let createdParents: [String]
    private var staged = Set<Digest>()
    /// Staged blobs that replace a damaged file of the same name in the destination.
    private var replacements = Set<Digest>()
    /// Blobs the destination already holds intact, which the new index entries name.
    private var kept: [Descriptor] = []
    private var entries: [Descriptor] = []
    private var finished = false
    private var temporaryCounter = 0

    /// - Parameter destination: the layout directory; created (with parents) if missing. An existing
    ///   directory must be empty or a layout.
    public init(destination path: String) throws(LayoutError) {
        let root = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        destination = OCILayout(root: root)
        if FileSystem.exists(root) {
            guard FileSystem.isDirectory(root) else { throw .destinationNotALayout(path: root) }
            if !destination.isLayout && !Self.canBecomeLayout(root) {
                // Another writer's commit in progress looks like neither (temporary files, no
                // oci-layout yet): wait for it to finish before judging.
                let hadWriter = try LayoutLock.waitForCurrentWriter(root: root)
                guard hadWriter, destination.isLayout || Self.canBecomeLayout(root) else {
                    throw .destinationNotALayout(path: root)
                }
            }
            if destination.isLayout { _ = try destination.index() }
        }
        let parent = FileSystem.parentDirectory(of: root)
        let createdParents = try FileSystem.makeDirectories(parent)
        var suffix = UInt64.random(in: 0..<UInt64.max)
        suffix ^= UInt64(getpid())
        let staging = "\(parent)/.\(FileSystem.lastComponent(of: root)).wasmpack-staging-\(String(suffix, radix: 36))"
        // Registered before it exists, so an interrupt never finds it made but unregistered;
        // the last resort of an interrupt that the work did not unwind from in time.
        let cleanup = ProcessCancellation.registerCleanup {
            FileSystem.removeTree(staging)
            FileSystem.removeEmptyDirectories(createdParents)
        }
        do throws(LayoutError) {
            try FileSystem.makeDirectories(staging + "/blobs/sha256")
        } catch {
            ProcessCancellation.unregisterCleanup(cleanup)
            FileSystem.removeTree(staging)
            FileSystem.removeEmptyDirectories(createdParents)
            throw error
        }
        self.staging = staging
        self.createdParents = createdParents
        self.cleanup = cleanup
    }

    deinit {
        if !finished { discard() }
    }

    /// A fresh path inside the staging area for a blob being produced (say, a compressed layer).
    public func temporaryPath(suffix: String = "tmp") -> String {
        temporaryCounter += 1
        return "\(staging)/\(temporaryCounter).\(suffix)"
    }

    /// Adopts a finished blob file written at `path` (from `temporaryPath`), already hashed by its producer.
    /// - Parameter replacing: the destination's file of that name is damaged (`OCILayout.blobState`):
    ///   the commit renames this one over it instead of keeping it.
    public func adoptBlob(at path: String, as descriptor: Descriptor, replacing: Bool = false) throws(LayoutError) {
        try checkInterrupt()
        let size = try FileSystem.size(of: path)
        guard size == descriptor.size else {
            throw .blobSizeMismatch(digest: descriptor.digest, path: path, expected: descriptor.size, actual: size)
        }
        try FileSystem.rename(path, to: stagedPath(for: descriptor.digest))
        staged.insert(descriptor.digest)
        if replacing { replacements.insert(descriptor.digest) }
    }

    /// Uses the destination's own copy of a blob, checked intact (`OCILayout.blobState`): nothing is
    /// staged, and the commit refuses to write an index naming it if it is gone by then.
    public func keepBlob(_ descriptor: Descriptor) {
        kept.append(descriptor)
    }

    /// Adds a small in-memory blob (a manifest or a config).
    @discardableResult
    public func addBlob(_ bytes: [UInt8], mediaType: MediaType) throws(LayoutError) -> Descriptor {
        try checkInterrupt()
        let digest = SHA256Hasher.digest(of: bytes)
        if !staged.contains(digest) {
            let file = try POSIXFile(creating: stagedPath(for: digest))
            try file.write(bytes)
            try file.sync()
            staged.insert(digest)
        }
        return Descriptor(mediaType: mediaType, digest: digest, size: Int64(bytes.count))
    }

    /// Adds a file's bytes unchanged as a blob, copying and hashing in one streaming pass.
    public func addBlob(copying file: String, mediaType: MediaType) throws(LayoutError) -> Descriptor {
        let temporary = temporaryPath()
        let (digest, size) = try FileSystem.hash(file, copyingTo: temporary)
        let descriptor = Descriptor(mediaType: mediaType, digest: digest, size: size)
        try adoptBlob(at: temporary, as: descriptor)
        return descriptor
    }

    /// Records a manifest (already added as a blob) under each tag in index.json on commit.
    public func tag(_ manifest: Descriptor, as tags: [String]) {
        for tag in tags {
            var entry = manifest
            var annotations = entry.annotations ?? [:]
            annotations[AnnotationKey.refName] = tag
            entry.annotations = annotations
            entries.removeAll { $0.refName == tag }
            entries.append(entry)
        }
    }

    /// Takes the layout's lock, moves the staged blobs in and replaces index.json; the layout
    /// changes only here. A layout directory this call creates is removed again if it fails.
    public func commit() throws(LayoutError) {
        precondition(!finished, "commit() called twice")
        defer { discard() }
        try checkInterrupt()
        let root = destination.root
        // From here on the commit runs to its end: stopping half-way would help no one, and it
        // is short (renames and one small file), well inside the interrupt handler's wait.
        let (lock, created) = try LayoutLock.acquire(root: root)
        defer { lock.release() }
        do {
            try publish()
        } catch {
            if created.last == root && !destination.isLayout { lock.removeIncompleteLayout(root, created: created) }
            throw error
        }
    }

    /// Writes the staged work into the layout; the caller holds the lock.
    private func publish() throws(LayoutError) {
        let root = destination.root
        // Checked again under the lock: another writer may have changed the directory meanwhile.
        let isLayout = destination.isLayout
        guard isLayout || Self.canBecomeLayout(root) else {
            throw .destinationNotALayout(path: root)
        }
        var index = isLayout ? try destination.index() : ImageIndex(manifests: [])
        let newTags = Set(entries.compactMap(\.refName))
        index.manifests.removeAll { entry in entry.refName.map(newTags.contains) ?? false }
        index.manifests.append(contentsOf: entries)
        let indexBytes: [UInt8]
        do {
            indexBytes = try JSONValueEncoder().bytes(index)
        } catch {
            throw .invalidJSON(file: root + "/" + OCILayout.indexFileName, detail: "\(error)")
        }
        // Checked before anything moves: no wasmpack writer removes blobs, but another tool may have.
        for blob in kept where !destination.hasBlob(blob.digest) {
            throw .blobMissing(digest: blob.digest, path: destination.blobPath(for: blob.digest))
        }
        try FileSystem.makeDirectories(root + "/blobs/sha256")
        // A replacement is a rename over the damaged file: readers see the old file or the
        // verified one, never a mix, and a concurrent writer's repair has the same bytes.
        for digest in staged.sorted() where replacements.contains(digest) || !destination.hasBlob(digest) {
            try FileSystem.rename(stagedPath(for: digest), to: destination.blobPath(for: digest))
        }
        try FileSystem.writeAtomically(indexBytes, to: root + "/" + OCILayout.indexFileName)
        if !isLayout {
            try FileSystem.writeAtomically(Array(OCILayout.layoutFileContent.utf8), to: root + "/" + OCILayout.layoutFileName)
        }
    }

    /// An empty directory, or one with only what a writer killed outright (SIGKILL, power loss)
    /// before it wrote `oci-layout` leaves: the lock, `blobs/` and maybe index.json. Blobs are
    /// named by their content, so completing such a directory is safe.
    private static func canBecomeLayout(_ root: String) -> Bool {
        guard let directory = opendir(root) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if ![".", "..", "blobs", LayoutLock.fileName, OCILayout.indexFileName].contains(name) { return false }
        }
        return true
    }

    /// Throws the staged work away; the destination is untouched.
    public func discard() {
        if !finished {
            FileSystem.removeTree(staging)
            if !FileSystem.exists(destination.root) { FileSystem.removeEmptyDirectories(createdParents) }
            ProcessCancellation.unregisterCleanup(cleanup)
        }
        finished = true
    }

    private func checkInterrupt() throws(LayoutError) {
        if ProcessCancellation.isRequested { throw .interrupted(path: destination.root) }
    }

    private func stagedPath(for digest: Digest) -> String {
        "\(staging)/blobs/\(digest.algorithm.rawValue)/\(digest.encoded)"
    }
}
