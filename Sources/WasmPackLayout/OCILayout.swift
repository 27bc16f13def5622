import WasmPackPlatform
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackOCI

/// An OCI image layout on disk: `oci-layout`, `index.json` and `blobs/<alg>/<hex>`.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md
public struct OCILayout: Sendable {
    public static let layoutFileName = "oci-layout"
    public static let indexFileName = "index.json"
    public static let layoutFileContent = #"{"imageLayoutVersion":"1.0.0"}"#
    /// Manifests, indexes and configs are small; anything bigger is refused rather than read into memory.
    public static let smallBlobLimit: Int64 = 4 << 20

    public let root: String

    /// The layout in the folder `root` (e.g. `BuildResult.layout`); nothing is read until asked.
    public init(root: String) {
        self.root = root
    }

    public var isLayout: Bool { FileSystem.exists(root + "/" + Self.layoutFileName) }

    public func blobPath(for digest: Digest) -> String {
        "\(root)/blobs/\(digest.algorithm.rawValue)/\(digest.encoded)"
    }

    public func hasBlob(_ digest: Digest) -> Bool { FileSystem.exists(blobPath(for: digest)) }

    /// Reads `index.json`, after checking `oci-layout`.
    public func index() throws(LayoutError) -> ImageIndex {
        guard isLayout else { throw .notALayout(path: root) }
        let layoutFile = root + "/" + Self.layoutFileName
        let marker = try decode(LayoutMarker.self, from: FileSystem.readAll(layoutFile, limit: 4096), file: layoutFile)
        guard marker.imageLayoutVersion.hasPrefix("1.") else {
            throw .unsupportedLayoutVersion(path: root, version: marker.imageLayoutVersion)
        }
        let indexFile = root + "/" + Self.indexFileName
        guard FileSystem.exists(indexFile) else { return ImageIndex(manifests: []) }
        return try decode(ImageIndex.self, from: FileSystem.readAll(indexFile, limit: Self.smallBlobLimit), file: indexFile)
    }

    /// The index entry for `tag`; without a tag, the one tagged `latest`, else the only entry.
    public func descriptor(tag: String?) throws(LayoutError) -> Descriptor {
        // A writer treats a missing index.json as empty, but a reader looking for an image must
        // say which file is missing (image-layout.md: index.json is required).
        let indexFile = root + "/" + Self.indexFileName
        guard !isLayout || FileSystem.exists(indexFile) else { throw .indexMissing(file: indexFile) }
        let entries = try index().manifests
        let tags = entries.compactMap(\.refName)
        if let tag {
            guard let entry = entries.first(where: { $0.refName == tag }) else {
                throw .tagNotFound(layout: root, tag: tag, available: tags)
            }
            return entry
        }
        if let latest = entries.first(where: { $0.refName == "latest" }) { return latest }
        guard !entries.isEmpty else { throw .noImages(layout: root) }
        guard entries.count == 1 else { throw .ambiguousImage(layout: root, tags: tags) }
        return entries[0]
    }

    /// Reads a small blob whole, checking its size and digest against the descriptor.
    public func readBlob(_ descriptor: Descriptor) throws(LayoutError) -> [UInt8] {
        guard descriptor.size <= Self.smallBlobLimit else {
            throw .blobTooLarge(digest: descriptor.digest, size: descriptor.size, limit: Self.smallBlobLimit)
        }
        let path = try checkedBlobFile(descriptor)
        let bytes = try FileSystem.readAll(path, limit: Self.smallBlobLimit)
        guard Int64(bytes.count) == descriptor.size else {
            throw .blobSizeMismatch(digest: descriptor.digest, path: path, expected: descriptor.size, actual: Int64(bytes.count))
        }
        let actual = SHA256Hasher.digest(of: bytes)
        guard actual == descriptor.digest else { throw .blobDigestMismatch(expected: descriptor.digest, actual: actual, path: path) }
        return bytes
    }

    /// The path of the descriptor's blob after checking, without following links, that it is a
    /// regular file of the descriptor's size directly inside this layout's `blobs/<alg>/` folder.
    ///
    /// A blob file that is a symlink (to /etc/passwd, say), a FIFO (a read would hang) or a device
    /// is refused, so nothing outside the layout is ever read or uploaded in a blob's name.
    public func checkedBlobFile(_ descriptor: Descriptor) throws(LayoutError) -> String {
        let path = blobPath(for: descriptor.digest)
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { throw .blobMissing(digest: descriptor.digest, path: path) }
            throw POSIXFile.error(path, "inspect")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            throw .blobNotRegularFile(digest: descriptor.digest, path: path, kind: FileSystem.kindName(info.st_mode))
        }
        let folder = FileSystem.parentDirectory(of: path)
        guard let resolvedFolder = FileSystem.realPath(folder), let resolvedRoot = FileSystem.realPath(root),
              resolvedFolder == "\(resolvedRoot == "/" ? "" : resolvedRoot)/blobs/\(descriptor.digest.algorithm.rawValue)"
        else {
            throw .blobOutsideLayout(digest: descriptor.digest, path: path, layout: root)
        }
        guard Int64(info.st_size) == descriptor.size else {
            throw .blobSizeMismatch(digest: descriptor.digest, path: path, expected: descriptor.size, actual: Int64(info.st_size))
        }
        return path
    }

    /// Every blob the image `entry` needs (manifests and indexes recursively, configs, layers),
    /// each checked with `checkedBlobFile` and manifests and indexes also by digest: what a push
    /// checks before it opens any upload session. Parents come before their children.
    public func blobsReachable(from entry: Descriptor) throws(LayoutError) -> [Descriptor] {
        try walk(from: [entry]) { descriptor throws(LayoutError) in _ = try checkedBlobFile(descriptor) }
    }

    /// Visits every blob reachable from `roots` once, parents before children: manifests and
    /// indexes are read (which checks their digest) to find their children; every other blob
    /// goes to `leaf`. Returns the descriptors visited.
    private func walk(
        from roots: [Descriptor], leaf: (Descriptor) throws(LayoutError) -> Void
    ) throws(LayoutError) -> [Descriptor] {
        var visited: [Descriptor] = []
        var seen = Set<Digest>()
        var pending = roots
        while !pending.isEmpty {
            let descriptor = pending.removeFirst()
            guard seen.insert(descriptor.digest).inserted else { continue }
            if descriptor.mediaType.isManifest {
                let manifest = try manifest(descriptor)
                pending.append(manifest.config)
                pending.append(contentsOf: manifest.layers)
            } else if descriptor.mediaType.isIndex {
                pending.append(contentsOf: try imageIndex(descriptor).manifests)
            } else {
                try leaf(descriptor)
            }
            visited.append(descriptor)
        }
        return visited
    }

    public func manifest(_ descriptor: Descriptor) throws(LayoutError) -> ImageManifest {
        try decode(ImageManifest.self, from: readBlob(descriptor), file: blobPath(for: descriptor.digest))
    }

    public func imageIndex(_ descriptor: Descriptor) throws(LayoutError) -> ImageIndex {
        try decode(ImageIndex.self, from: readBlob(descriptor), file: blobPath(for: descriptor.digest))
    }

    /// Checks that every blob reachable from index.json exists with the right size and digest,
    /// streaming large blobs through the hasher. Returns the number of blobs and their total size.
    @discardableResult
    public func verify() throws(LayoutError) -> (blobs: Int, bytes: Int64) {
        let visited = try walk(from: try index().manifests) { descriptor throws(LayoutError) in
            let path = try checkedBlobFile(descriptor)
            let (digest, size) = try FileSystem.hash(path)
            guard size == descriptor.size else {
                throw .blobSizeMismatch(digest: descriptor.digest, path: path, expected: descriptor.size, actual: size)
            }
            guard digest == descriptor.digest else { throw .blobDigestMismatch(expected: descriptor.digest, actual: digest, path: path) }
        }
        return (visited.count, visited.reduce(0) { $0 + $1.size })
    }

    private func decode<Value: Decodable>(_ type: Value.Type, from bytes: [UInt8], file: String) throws(LayoutError) -> Value {
        do {
            return try JSONDecoder().decode(type, from: Data(bytes))
        } catch {
            throw .invalidJSON(file: file, detail: Self.describe(error))
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing key '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            return context.debugDescription
        default:
            return "\(error)"
        }
    }
}

