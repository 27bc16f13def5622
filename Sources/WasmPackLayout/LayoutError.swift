import WasmPackOCI

/// Everything that can go wrong reading or writing an OCI image layout.
public enum LayoutError: Error, Sendable, CustomStringConvertible {
    case notALayout(path: String)
    case unsupportedLayoutVersion(path: String, version: String)
    case destinationNotALayout(path: String)
    case invalidJSON(file: String, detail: String)
    case noImages(layout: String)
    case indexMissing(file: String)
    case tagNotFound(layout: String, tag: String, available: [String])
    case ambiguousImage(layout: String, tags: [String])
    case blobMissing(digest: Digest, path: String)
    case blobSizeMismatch(digest: Digest, path: String, expected: Int64, actual: Int64)
    case blobDigestMismatch(expected: Digest, actual: Digest, path: String)
    /// `kind` is what `lstat` found instead: a symbolic link, a FIFO, a device, a directory.
    case blobNotRegularFile(digest: Digest, path: String, kind: String)
    /// The blobs folder itself leads elsewhere (a symlinked `blobs/sha256`).
    case blobOutsideLayout(digest: Digest, path: String, layout: String)
    /// The bytes read while uploading did not hash to the blob's name (the file changed or is corrupt).
    case blobChangedWhileSending(digest: Digest, path: String, actual: Digest, size: Int64)
    /// SIGINT/SIGTERM stopped the work before it changed `path`.
    case interrupted(path: String)
    case blobTooLarge(digest: Digest, size: Int64, limit: Int64)
    case io(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .notALayout(let path):
            return "'\(path)' is not an OCI image layout (no oci-layout file); pass the directory 'wasmpack build' wrote"
        case .unsupportedLayoutVersion(let path, let version):
            return "'\(path)' has image layout version \(version); wasmpack reads version 1.0.0"
        case .destinationNotALayout(let path):
            return "output directory '\(path)' exists and is not an OCI image layout; choose another output with -o or remove it"
        case .invalidJSON(let file, let detail):
            return "'\(file)' is not valid JSON of the expected kind: \(detail)"
        case .indexMissing(let file):
            return "'\(file)' is missing, so the layout names no image; rebuild it with 'wasmpack build' or pull it again"
        case .noImages(let layout):
            return "the layout '\(layout)' holds no image; build one with 'wasmpack build -o \(layout)'"
        case .tagNotFound(let layout, let tag, let available):
            let list = available.isEmpty ? "it has no tagged image" : "its tags are: \(available.joined(separator: ", "))"
            return "the layout '\(layout)' has no image tagged '\(tag)'; \(list)"
        case .ambiguousImage(let layout, let tags):
            return "the layout '\(layout)' holds several images and none is tagged 'latest'; pick one of: \(tags.joined(separator: ", "))"
        case .blobMissing(let digest, let path):
            return "blob \(digest) is missing (expected at '\(path)'); the layout is incomplete, build it again"
        case .blobSizeMismatch(let digest, let path, let expected, let actual):
            return "blob \(digest) ('\(path)') has \(actual) bytes but its descriptor says \(expected); the layout is corrupt, build it again"
        case .blobDigestMismatch(let expected, let actual, let path):
            return "blob \(expected) ('\(path)') hashes to \(actual); the layout is corrupt, build it again"
        case .blobNotRegularFile(let digest, let path, let kind):
            return "blob \(digest) ('\(path)') is \(kind), not a regular file; wasmpack reads only regular files inside the layout, build it again"
        case .blobOutsideLayout(let digest, let path, let layout):
            return "blob \(digest) ('\(path)') lies outside the layout '\(layout)' (its blobs folder is a link); build the layout again"
        case .blobChangedWhileSending(let digest, let path, let actual, let size):
            return "blob \(digest) ('\(path)') read as \(size) bytes hashing to \(actual) while it was sent; the upload was stopped before it completed (was the layout changed during the push?)"
        case .interrupted(let path):
            return "interrupted; '\(path)' was left as it was"
        case .blobTooLarge(let digest, let size, let limit):
            return "blob \(digest) is \(size) bytes, over the \(limit)-byte limit for manifests and configs"
        case .io(let path, let operation, let reason):
            return "cannot \(operation) '\(path)': \(reason)"
        }
    }
}
