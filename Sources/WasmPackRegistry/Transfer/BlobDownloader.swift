import Foundation
import WasmPackOCI
#if canImport(Glibc)
import Glibc
#endif

/// Streams one blob to a file, hashing and counting as it goes; a mismatch deletes the file.
struct BlobDownloader: Sendable {
    let client: RegistryClient
    let repository: String

    func download(_ blob: Descriptor, to path: String) throws(RegistryError) {
        let request = HTTPRequest(method: "GET", url: "\(client.baseURL)/v2/\(repository)/blobs/\(blob.digest)")
        let sink = HashingFileSink(path: path)
        do {
            try sink.open()
            // Redirects (ACR → Azure Storage) are followed by the client without credentials.
            let response = try client.send(
                request, scopes: [.repository(repository, "pull")], idempotent: true,
                onBody: { bytes in try sink.write(bytes) },
                beforeRetry: { () throws(RegistryError) in try sink.restart() })
            guard response.status == 200 else { throw client.failure(response, for: request, repository: repository) }
            let (digest, size) = try sink.finish()
            guard size == blob.size else { throw RegistryError.sizeMismatch(what: "blob \(blob.digest)", expected: blob.size, actual: size) }
            guard digest == blob.digest else { throw RegistryError.digestMismatch(what: "blob \(blob.digest)", expected: blob.digest, actual: digest) }
        } catch let error as RegistryError {
            sink.discard()
            throw Self.unwrapped(error)
        } catch {
            sink.discard()
            throw .invalidResponse(request: "GET blob \(blob.digest)", detail: "\(error)")
        }
    }

    /// A failure of our own body handler comes back wrapped by the transport: report the original.
    static func unwrapped(_ error: RegistryError) -> RegistryError {
        if case .transport(.aborted(_, let underlying)) = error, let original = underlying as? RegistryError {
            return original
        }
        return error
    }
}

/// A file being written while its bytes are hashed; bounded by nothing but the disk.
final class HashingFileSink: @unchecked Sendable {
    // @unchecked: used by exactly one download at a time.
    let path: String
    private var descriptor: Int32 = -1
    private var hasher = SHA256Hasher()
    private var size: Int64 = 0

    init(path: String) { self.path = path }

    func open() throws(RegistryError) {
        descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .layout(.io(path: path, operation: "create", reason: String(cString: strerror(errno)))) }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        hasher.update(bytes)
        size += Int64(bytes.count)
        var offset = 0
        while offset < bytes.count {
            let count = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw RegistryError.layout(.io(path: path, operation: "write", reason: String(cString: strerror(errno))))
            }
            offset += count
        }
    }

    /// Starts over (a retried download): truncate and reset the hash.
    func restart() throws(RegistryError) {
        close(descriptor)
        hasher = SHA256Hasher()
        size = 0
        try open()
    }

    func finish() throws -> (Digest, Int64) {
        guard fsync(descriptor) == 0 else {
            throw RegistryError.layout(.io(path: path, operation: "sync", reason: String(cString: strerror(errno))))
        }
        close(descriptor)
        descriptor = -1
        return (hasher.finalize(), size)
    }

    func discard() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        unlink(path)
    }
}
