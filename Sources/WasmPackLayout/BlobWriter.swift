import WasmPackPlatform
import WasmPackOCI

/// Writes a blob file while hashing and counting its bytes, for content that arrives in pieces
/// (a download). Pair it with `LayoutTransaction.temporaryPath()` and `adoptBlob(at:as:)`.
/// Used by one producer at a time.
public final class BlobWriter: @unchecked Sendable {
    // @unchecked: one download owns it from open to finish.
    public let path: String
    private var file: POSIXFile?
    private var hasher = SHA256Hasher()
    private var size: Int64 = 0

    public init(path: String) throws(LayoutError) {
        self.path = path
        file = try POSIXFile(creating: path)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(LayoutError) {
        guard let file else { throw .io(path: path, operation: "write", reason: "the writer was closed") }
        hasher.update(bytes)
        size += Int64(bytes.count)
        try file.write(bytes)
    }

    /// Starts over, for a download that is retried from the beginning.
    public func restart() throws(LayoutError) {
        file = nil
        hasher = SHA256Hasher()
        size = 0
        file = try POSIXFile(creating: path)
    }

    /// Syncs and closes the file; returns what was written.
    public func finish() throws(LayoutError) -> (digest: Digest, size: Int64) {
        guard let file else { throw .io(path: path, operation: "sync", reason: "the writer was closed") }
        try file.sync()
        self.file = nil
        return (hasher.finalize(), size)
    }

    /// Closes and deletes the file (a failed or mismatching download).
    public func discard() {
        file = nil
        unlink(path)
    }
}
