import WasmPackOCI

/// Everything that can go wrong reading or writing an OCI image layout.
public enum LayoutError: Error, Sendable, CustomStringConvertible {
    case notALayout(path: String)
    case unsupportedLayoutVersion(path: String, version: String)
    case destinationNotALayout(path: String)
    case invalidJSON(file: String, detail: String)
    case noImages(layout: String)
    case tagNotFound(layout: String, tag: String, available: [String])
    case ambiguousImage(layout: String, tags: [String])
    case blobMissing(digest: Digest, path: String)
    case blobSizeMismatch(digest: Digest, expected: Int64, actual: Int64)
    case blobDigestMismatch(expected: Digest, actual: Digest)
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
        case .noImages(let layout):
            return "the layout '\(layout)' holds no image; build one with 'wasmpack build -o \(layout)'"
        case .tagNotFound(let layout, let tag, let available):
            let list = available.isEmpty ? "it has no tagged image" : "its tags are: \(available.joined(separator: ", "))"
            return "the layout '\(layout)' has no image tagged '\(tag)'; \(list)"
        case .ambiguousImage(let layout, let tags):
            return "the layout '\(layout)' holds several images and none is tagged 'latest'; pick one of: \(tags.joined(separator: ", "))"
        case .blobMissing(let digest, let path):
            return "blob \(digest) is missing (expected at '\(path)'); the layout is incomplete, build it again"
        case .blobSizeMismatch(let digest, let expected, let actual):
            return "blob \(digest) has \(actual) bytes but its descriptor says \(expected); the layout is corrupt, build it again"
        case .blobDigestMismatch(let expected, let actual):
            return "blob \(expected) hashes to \(actual); the layout is corrupt, build it again"
        case .blobTooLarge(let digest, let size, let limit):
            return "blob \(digest) is \(size) bytes, over the \(limit)-byte limit for manifests and configs"
        case .io(let path, let operation, let reason):
            return "cannot \(operation) '\(path)': \(reason)"
        }
    }
}
