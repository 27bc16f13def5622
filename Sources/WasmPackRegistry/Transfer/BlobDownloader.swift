#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackOCI
import WasmPackLayout

/// Streams one blob to a file, hashing and counting as it goes; a mismatch deletes the file.
struct BlobDownloader: Sendable {
    let client: RegistryClient
    let repository: String
    /// Told `.blobProgress` while a blob's bytes arrive.
    var progress: @Sendable (TransferEvent) -> Void = { _ in }

    func download(_ blob: Descriptor, to path: String) throws(RegistryError) {
        var request = HTTPRequest(method: "GET", url: "\(client.baseURL)/v2/\(repository)/blobs/\(blob.digest)")
        let progress = self.progress
        request.onProgress = { _, received in progress(.blobProgress(blob.digest, done: received, total: blob.size)) }
        let sink: BlobWriter
        do { sink = try BlobWriter(path: path) } catch { throw .layout(error) }
        do {
            // Redirects (ACR → Azure Storage) are followed by the client without credentials.
            // Exactly the descriptor's size: a longer body stops at its first extra byte, a shorter
            // one (cut short with a matching Content-Length) is retried.
            let response = try client.send(
                request, scopes: [.repository(repository, "pull")], idempotent: true, expectedBodySize: blob.size,
                onBody: { bytes in try sink.write(bytes) },
                beforeRetry: { () throws(RegistryError) in
                    do throws(LayoutError) { try sink.restart() } catch { throw .layout(error) }
                })
            guard response.status == 200 else { throw client.failure(response, for: request, repository: repository) }
            let (digest, size): (Digest, Int64)
            do { (digest, size) = try sink.finish() } catch { throw RegistryError.layout(error) }
            guard size == blob.size else { throw RegistryError.sizeMismatch(what: "blob \(blob.digest)", expected: blob.size, actual: size) }
            guard digest == blob.digest else { throw RegistryError.digestMismatch(what: "blob \(blob.digest)", expected: blob.digest, actual: digest) }
        } catch let error as RegistryError {
            sink.discard()
            throw unwrapped(error, blob: blob)
        } catch {
            sink.discard()
            throw .invalidResponse(request: "GET blob \(blob.digest)", detail: "\(error)")
        }
    }

    /// A failure of our own body handler comes back wrapped by the transport: report the original.
    func unwrapped(_ error: RegistryError, blob: Descriptor) -> RegistryError {
        if case .transport(.bodyTooLarge) = error {
            return .tooLarge(what: "the body the registry sent for blob \(blob.digest) (\(blob.size) bytes by its descriptor)", limit: blob.size)
        }
        if case .transport(.aborted(_, let underlying)) = error {
            if let original = underlying as? RegistryError { return original }
            if let original = underlying as? LayoutError { return .layout(original) }
        }
        return error
    }
}
