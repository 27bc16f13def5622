import WasmPackPlatform
import WasmPackOCI

/// Hashes a blob's bytes as an upload reads them, across all the requests of one upload (the
/// PATCHes of a chunked upload), so that its last bytes go out only if the whole blob hashes to
/// its name and has its size. Without it a blob file changed on disk (or corrupt from the start)
/// was sent anyway and only the registry's own check stopped it.
///
/// Used through `HTTPRequestBody.verifiedFile`: the request body reader feeds it every buffer
/// before handing the buffer to libcurl and asks it before the final one.
public final class UploadVerifier: @unchecked Sendable {
    // @unchecked: one upload owns it and sends one request at a time.
    public let path: String
    public let digest: Digest
    public let size: Int64

    private var hasher = SHA256Hasher()
    /// How many leading bytes of the blob `hasher` holds; -1 once finalized.
    private var hashed: Int64 = 0
    /// True once every byte was read and hashed to `digest`.
    public private(set) var isVerified = false
    /// What the bytes read hashed to, when that was not `digest`.
    public private(set) var mismatch: Digest?

    public init(path: String, digest: Digest, size: Int64) {
        self.path = path
        self.digest = digest
        self.size = size
    }

    /// Makes the hash cover exactly the blob's first `offset` bytes, re-reading them from
    /// `descriptor` when it had gone further: libcurl rewound a request, or a chunked upload
    /// resumes from what the registry kept. Returns the errno text of a failed read.
    func rewind(to offset: Int64, descriptor: Int32) -> String? {
        if offset == hashed { return nil }
        if offset < hashed || hashed < 0 {
            hasher = SHA256Hasher()
            hashed = 0
            isVerified = false
        }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while hashed < offset {
            let wanted = Int(min(Int64(buffer.count), offset - hashed))
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(hashed))
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return count == 0 ? "the file ended early" : String(cString: strerror(errno)) }
            hasher.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
            hashed += Int64(count)
        }
        return nil
    }

    /// Takes the bytes read at blob offset `offset`, about to be sent. Returns false when they
    /// complete the blob and it does not hash to `digest`: they must not be sent.
    func accept(_ bytes: UnsafeRawBufferPointer, at offset: Int64) -> Bool {
        if offset != hashed {
            // Not contiguous with what was hashed (cannot happen after `rewind`): never verify.
            hashed = -1
            mismatch = mismatch ?? digest
            return false
        }
        hasher.update(bytes)
        hashed += Int64(bytes.count)
        guard hashed == size else { return true }
        let actual = hasher.finalize()
        hashed = -1
        isVerified = actual == digest
        if !isVerified { mismatch = actual }
        return isVerified
    }
}
