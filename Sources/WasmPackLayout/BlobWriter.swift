import WasmPackPlatform
import WasmPackOCI

/// Writes a blob file while hashing and counting its bytes, for content that arrives in pieces
/// (a download). Pair it with `LayoutTransaction.temporaryPath()` and `adoptBlob(at:as:)`.
/// Used by one producer at a time.
///
/// libcurl hands a download over in pieces of 16 KiB; writing each one costs a system call, and
/// was measured 1.6× slower to the page cache than writes of 256 KiB. The pieces are gathered in
/// a buffer of `bufferCapacity` bytes and written when it is full (a piece at least that big
/// goes straight through), so memory stays flat at one buffer per download.
public final class BlobWriter: @unchecked Sendable {
    // @unchecked: one download owns it from open to finish.
    /// The smallest write the file gets, but for the last one.
    public static let bufferCapacity = 256 << 10

    public let path: String
    private var file: POSIXFile?
    private var hasher = SHA256Hasher()
    private var size: Int64 = 0
    private let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: BlobWriter.bufferCapacity, alignment: 16)
    private var buffered = 0

    public init(path: String) throws(LayoutError) {
        self.path = path
        file = try POSIXFile(creating: path)
    }

    deinit { buffer.deallocate() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(LayoutError) {
        guard let file else { throw .io(path: path, operation: "write", reason: "the writer was closed") }
        hasher.update(bytes)
        size += Int64(bytes.count)
        var rest = bytes
        while !rest.isEmpty {
            if buffered == 0 && rest.count >= buffer.count {
                try file.write(rest)
                return
            }
            let taken = min(buffer.count - buffered, rest.count)
            UnsafeMutableRawBufferPointer(rebasing: buffer[buffered..<(buffered + taken)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: rest[0..<taken]))
            buffered += taken
            rest = UnsafeRawBufferPointer(rebasing: rest[taken...])
            if buffered == buffer.count { try flush(file) }
        }
    }

    /// Starts over, for a download that is retried from the beginning.
    public func restart() throws(LayoutError) {
        file = nil
        hasher = SHA256Hasher()
        size = 0
        buffered = 0
        file = try POSIXFile(creating: path)
    }

    /// Writes what is buffered, syncs and closes the file; returns what was written.
    public func finish() throws(LayoutError) -> (digest: Digest, size: Int64) {
        guard let file else { throw .io(path: path, operation: "sync", reason: "the writer was closed") }
        try flush(file)
        try file.sync()
        self.file = nil
        return (hasher.finalize(), size)
    }

    /// Closes and deletes the file (a failed or mismatching download).
    public func discard() {
        file = nil
        buffered = 0
        unlink(path)
    }

    private func flush(_ file: POSIXFile) throws(LayoutError) {
        guard buffered > 0 else { return }
        let pending = buffered
        buffered = 0
        try file.write(UnsafeRawBufferPointer(rebasing: buffer[0..<pending]))
    }
}
