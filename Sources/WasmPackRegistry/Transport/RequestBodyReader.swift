import WasmPackPlatform

/// Hands an `HTTPRequestBody` to libcurl piece by piece, as its read callback asks.
///
/// Files are read with `pread` straight into libcurl's upload buffer, so a blob of any size costs
/// one buffer. Reading by position (not a file offset) also makes rewinding free: libcurl rewinds
/// when a kept-alive connection turns out dead and it resends the request on a fresh one.
///
/// A `.verifiedFile` body passes every buffer through its `UploadVerifier` before libcurl gets
/// it; the read that would hand over the blob's last bytes fails instead when the blob does not
/// hash to its digest, so a registry never receives a complete wrong blob (and a monolithic PUT
/// never completes). A rewind rewinds the hash too.
final class RequestBodyReader {
    /// Bytes the body holds; sent as `Content-Length`.
    let length: Int64
    /// The failure that made `read` abort, for `perform` to throw.
    private(set) var failure: TransportError?

    private enum Source {
        case bytes([UInt8])
        case file(descriptor: Int32, path: String, offset: Int64, verifier: UploadVerifier?)
        case stream(pipe: BlobPipe, verifier: UploadVerifier)
    }

    private let source: Source
    private let url: String
    private var position: Int64 = 0

    /// Opens the file now, so a missing file or a range beyond its end fails before any byte is sent.
    init(_ body: HTTPRequestBody, url: String) throws(TransportError) {
        self.url = url
        switch body {
        case .none:
            source = .bytes([])
            length = 0
        case .bytes(let bytes):
            source = .bytes(bytes)
            length = Int64(bytes.count)
        case .file(let path, let offset, let length):
            (source, self.length) = try Self.openFile(path, offset: offset, length: length, verifier: nil, url: url)
        case .verifiedFile(let path, let offset, let length, let verifier):
            (source, self.length) = try Self.openFile(path, offset: offset, length: length, verifier: verifier, url: url)
        case .verifiedStream(let pipe, let verifier):
            guard pipe.claim() else {
                throw .invalidRequest(url: url, detail: "a streamed blob body cannot be sent a second time")
            }
            source = .stream(pipe: pipe, verifier: verifier)
            length = verifier.size
        }
    }

    /// Opens a file body: a regular file only, never through a symlink (O_NOFOLLOW) and never a
    /// FIFO whose open or read would block (O_NONBLOCK, then fstat on the descriptor itself).
    private static func openFile(
        _ path: String, offset: Int64, length: Int64, verifier: UploadVerifier?, url: String
    ) throws(TransportError) -> (Source, Int64) {
        guard offset >= 0, length >= 0 else {
            throw .fileError(url: url, path: path, detail: "invalid range offset \(offset) length \(length)")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else {
            let detail = errno == ELOOP ? "it is a symbolic link; only regular files are sent" : String(cString: strerror(errno))
            throw .fileError(url: url, path: path, detail: detail)
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let detail = String(cString: strerror(errno))
            close(descriptor)
            throw .fileError(url: url, path: path, detail: detail)
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            throw .fileError(url: url, path: path, detail: "it is not a regular file; only regular files are sent")
        }
        guard Int64(status.st_size) >= offset + length else {
            close(descriptor)
            throw .fileError(url: url, path: path, detail: "the file has \(status.st_size) bytes, fewer than offset \(offset) + length \(length)")
        }
        if let verifier {
            // A chunk starting after bytes the verifier has not seen (a resume) or before them
            // (a retried chunk) makes it re-read the blob's prefix from disk.
            if let failure = verifier.rewind(to: offset, descriptor: descriptor) {
                close(descriptor)
                throw .fileError(url: url, path: path, detail: failure)
            }
            if verifier.size == 0, !verifier.accept(UnsafeRawBufferPointer(start: nil, count: 0), at: 0) {
                close(descriptor)
                throw .fileError(url: url, path: path, detail: "the empty blob does not have the digest \(verifier.digest)")
            }
        }
        return (.file(descriptor: descriptor, path: path, offset: offset, verifier: verifier), length)
    }

    deinit {
        if case .file(let descriptor, _, _, _) = source { close(descriptor) }
    }

    /// Copies the next bytes into `buffer`; returns the count (0 at the end) or nil after a read
    /// error, which is kept in `failure`.
    func read(into buffer: UnsafeMutableRawPointer, capacity: Int) -> Int? {
        let wanted = Int(min(Int64(capacity), length - position))
        guard wanted > 0 else { return 0 }
        switch source {
        case .bytes(let bytes):
            bytes.withUnsafeBytes { raw in
                buffer.copyMemory(from: raw.baseAddress! + Int(position), byteCount: wanted)
            }
            position += Int64(wanted)
            return wanted
        case .stream(let pipe, let verifier):
            return readStream(pipe, verifier: verifier, into: buffer, wanted: wanted)
        case .file(let descriptor, let path, let offset, let verifier):
            while true {
                let count = pread(descriptor, buffer, wanted, off_t(offset + position))
                if count > 0 {
                    if let verifier, !verifier.accept(UnsafeRawBufferPointer(start: buffer, count: count), at: offset + position) {
                        let actual = verifier.mismatch.map { " hashes to \($0)," } ?? ""
                        failure = .fileError(
                            url: url, path: path,
                            detail: "the blob read from it\(actual) not \(verifier.digest); the upload was stopped before its last bytes")
                        return nil
                    }
                    position += Int64(count)
                    return count
                }
                if count < 0 && errno == EINTR { continue }
                // A short file here means it shrank after `init` checked it; the request must
                // not go out with fewer bytes than its Content-Length promised.
                let detail = count == 0 ? "the file ended early (was it changed during the upload?)" : String(cString: strerror(errno))
                failure = .fileError(url: url, path: path, detail: detail)
                return nil
            }
        }
    }

    /// The next bytes of a streamed blob, hashed before libcurl gets them; nil (and `failure`)
    /// when the stream failed, ended early, or its last bytes do not hash to the digest.
    private func readStream(_ pipe: BlobPipe, verifier: UploadVerifier, into buffer: UnsafeMutableRawPointer, wanted: Int) -> Int? {
        switch pipe.read(into: buffer, capacity: wanted) {
        case .bytes(let count):
            guard verifier.accept(UnsafeRawBufferPointer(start: buffer, count: count), at: position) else {
                let actual = verifier.mismatch.map { " hashes to \($0)," } ?? ""
                failure = .fileError(
                    url: url, path: verifier.path,
                    detail: "the blob read from it\(actual) not \(verifier.digest); the upload was stopped before its last bytes")
                return nil
            }
            position += Int64(count)
            return count
        case .end:
            failure = .fileError(url: url, path: verifier.path, detail: "the blob ended after \(position) of \(length) bytes")
            return nil
        case .failed(let error):
            failure = .aborted(url: url, underlying: error)
            return nil
        }
    }

    /// Moves back to `offset` bytes into the body; false if that lies outside it (or the
    /// verifier cannot re-read the prefix it must hash again).
    func seek(to offset: Int64) -> Bool {
        guard (0...length).contains(offset) else { return false }
        // A stream cannot go back; staying where it is (libcurl's rewind before the first byte) is fine.
        if case .stream = source { return offset == position }
        if case .file(let descriptor, _, let start, let verifier?) = source {
            guard verifier.rewind(to: start + offset, descriptor: descriptor) == nil else { return false }
        }
        position = offset
        return true
    }
}
