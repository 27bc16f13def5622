#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif
import WasmPackOCI

/// Adds blobs and tags to an image layout all at once or not at all.
///
/// Blobs are written into a hidden staging directory beside the destination. `commit()` moves
/// them in and only then replaces `index.json` (write, sync, rename), so an error or an interrupt
/// before that leaves the previous layout exactly as it was and no partial blob in it.
public final class LayoutTransaction {
    public let destination: OCILayout
    private let staging: String
    private var staged = Set<Digest>()
    private var entries: [Descriptor] = []
    private var finished = false
    private var temporaryCounter = 0

    /// - Parameter destination: the layout directory; created (with parents) if missing. An existing
    ///   directory must be empty or a layout.
    public init(destination path: String) throws(LayoutError) {
        let root = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        destination = OCILayout(root: root)
        if FileSystem.exists(root) {
            guard FileSystem.isDirectory(root), destination.isLayout || FileSystem.isEmptyDirectory(root) else {
                throw .destinationNotALayout(path: root)
            }
            if destination.isLayout { _ = try destination.index() }
        }
        let parent = FileSystem.parentDirectory(of: root)
        try FileSystem.makeDirectories(parent)
        var suffix = UInt64.random(in: 0..<UInt64.max)
        suffix ^= UInt64(getpid())
        staging = "\(parent)/.\(FileSystem.lastComponent(of: root)).wasmpack-staging-\(String(suffix, radix: 36))"
        try FileSystem.makeDirectories(staging + "/blobs/sha256")
        StagingRegistry.register(staging)
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
    public func adoptBlob(at path: String, as descriptor: Descriptor) throws(LayoutError) {
        let size = try FileSystem.size(of: path)
        guard size == descriptor.size else {
            throw .blobSizeMismatch(digest: descriptor.digest, expected: descriptor.size, actual: size)
        }
        try FileSystem.rename(path, to: stagedPath(for: descriptor.digest))
        staged.insert(descriptor.digest)
    }

    /// Adds a small in-memory blob (a manifest or a config).
    @discardableResult
    public func addBlob(_ bytes: [UInt8], mediaType: MediaType) throws(LayoutError) -> Descriptor {
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

    /// Moves the staged blobs in and replaces index.json; the layout changes only here.
    public func commit() throws(LayoutError) {
        precondition(!finished, "commit() called twice")
        defer { discard() }
        let root = destination.root
        let newIndex: ImageIndex
        if FileSystem.exists(root) && destination.isLayout {
            var index = try destination.index()
            let newTags = Set(entries.compactMap(\.refName))
            index.manifests.removeAll { entry in entry.refName.map(newTags.contains) ?? false }
            index.manifests.append(contentsOf: entries)
            newIndex = index
        } else {
            newIndex = ImageIndex(manifests: entries)
        }
        let indexBytes: [UInt8]
        do {
            indexBytes = try JSONValueEncoder().bytes(newIndex)
        } catch {
            throw .invalidJSON(file: root + "/" + OCILayout.indexFileName, detail: "\(error)")
        }

        if !FileSystem.exists(root) {
            // A new layout: complete it in staging, then one rename publishes it whole.
            try FileSystem.writeAtomically(Array(OCILayout.layoutFileContent.utf8), to: staging + "/" + OCILayout.layoutFileName)
            try FileSystem.writeAtomically(indexBytes, to: staging + "/" + OCILayout.indexFileName)
            for file in try stagingEntries() { FileSystem.removeTree(staging + "/" + file) }
            try FileSystem.rename(staging, to: root)
            StagingRegistry.unregister(staging)
            finished = true
            return
        }
        try FileSystem.makeDirectories(root + "/blobs/sha256")
        if !destination.isLayout {
            try FileSystem.writeAtomically(Array(OCILayout.layoutFileContent.utf8), to: root + "/" + OCILayout.layoutFileName)
        }
        for digest in staged.sorted() where !destination.hasBlob(digest) {
            try FileSystem.rename(stagedPath(for: digest), to: destination.blobPath(for: digest))
        }
        try FileSystem.writeAtomically(indexBytes, to: root + "/" + OCILayout.indexFileName)
    }

    /// Throws the staged work away; the destination is untouched.
    public func discard() {
        if !finished {
            FileSystem.removeTree(staging)
            StagingRegistry.unregister(staging)
        }
        finished = true
    }

    private func stagedPath(for digest: Digest) -> String {
        "\(staging)/blobs/\(digest.algorithm.rawValue)/\(digest.encoded)"
    }

    /// Names at the top of staging other than the layout's own (temporary files of producers).
    private func stagingEntries() throws(LayoutError) -> [String] {
        guard let directory = opendir(staging) else { throw POSIXFile.error(staging, "list") }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if ![".", "..", "blobs", OCILayout.layoutFileName, OCILayout.indexFileName].contains(name) { names.append(name) }
        }
        return names
    }
}
