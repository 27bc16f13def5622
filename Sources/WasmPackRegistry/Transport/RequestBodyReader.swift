#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Hands an `HTTPRequestBody` to libcurl piece by piece, as its read callback asks.
///
/// Files are read with `pread` straight into libcurl's upload buffer, so a blob of any size costs
/// one buffer. Reading by position (not a file offset) also makes rewinding free: libcurl rewinds
/// when a kept-alive connection turns out dead and it resends the request on a fresh one.
final class RequestBodyReader {
    /// Bytes the body holds; sent as `Content-Length`.
    let length: Int64
    /// The failure that made `read` abort, for `perform` to throw.
    private(set) var failure: TransportError?

    private enum Source {
        case bytes([UInt8])
        case file(descriptor: Int32, path: String, offset: Int64)
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
            guard offset >= 0, length >= 0 else {
                throw .fileError(url: url, path: path, detail: "invalid range offset \(offset) length \(length)")
            }
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw .fileError(url: url, path: path, detail: String(cString: strerror(errno)))
            }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else {
                let detail = String(cString: strerror(errno))
                close(descriptor)
                throw .fileError(url: url, path: path, detail: detail)
            }
            guard Int64(status.st_size) >= offset + length else {
                close(descriptor)
                throw .fileError(url: url, path: path, detail: "the file has \(status.st_size) bytes, fewer than offset \(offset) + length \(length)")
            }
            source = .file(descriptor: descriptor, path: path, offset: offset)
            self.length = length
        }
    }

    deinit {
        if case .file(let descriptor, _, _) = source { close(descriptor) }
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
        case .file(let descriptor, let path, let offset):
            while true {
                let count = pread(descriptor, buffer, wanted, off_t(offset + position))
                if count > 0 {
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

    /// Moves back to `offset` bytes into the body; false if that lies outside it.
    func seek(to offset: Int64) -> Bool {
        guard (0...length).contains(offset) else { return false }
        position = offset
        return true
    }
}
