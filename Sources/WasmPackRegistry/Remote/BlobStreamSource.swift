import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import Synchronization
import WasmPackOCI

/// Where `wasmpack copy` reads blobs: each `start` begins one download on its own thread, its
/// body going into a `BlobPipe` that an upload reads from. Nothing touches the disk.
struct BlobStreamSource: Sendable {
    let client: RegistryClient
    let repository: String

    /// `registry/repository`, for messages.
    var name: String { "\(client.registry.host)/\(repository)" }

    /// A download under way.
    final class Download: Sendable {
        let pipe = BlobPipe()
        private let ended = DispatchSemaphore(value: 0)
        private let failure = Mutex<RegistryError?>(nil)

        fileprivate func end(_ error: RegistryError?) {
            failure.withLock { $0 = error }
            ended.signal()
        }

        /// Waits for the download's thread to end; its failure, if it failed other than by the
        /// upload closing the pipe.
        func wait() -> RegistryError? {
            ended.wait()
            ended.signal()
            return failure.withLock { $0 }
        }
    }

    /// Starts downloading `blob`: exactly its size, or the transfer stops (a longer body at its
    /// first extra byte). The digest is checked by the upload's verifier as the bytes pass.
    func start(_ blob: Descriptor) -> Download {
        let download = Download()
        let client = client
        let repository = repository
        let started = SystemThread.start(stackSize: 1 << 20) {
            let request = HTTPRequest(method: "GET", url: "\(client.baseURL)/v2/\(repository)/blobs/\(blob.digest)")
            let pipe = download.pipe
            do throws(RegistryError) {
                // Not idempotent here: bytes already in the pipe cannot be taken back, so a failed
                // attempt ends this download and the uploader starts a new session and download.
                let response = try client.send(
                    request, scopes: [.repository(repository, "pull")], idempotent: false, expectedBodySize: blob.size,
                    onBody: { bytes in try pipe.write(bytes) })
                guard response.status == 200 else { throw client.failure(response, for: request, repository: repository) }
                pipe.finish()
                download.end(nil)
            } catch {
                if case .transport(.aborted(_, let underlying)) = error, underlying is BlobPipe.Closed {
                    download.end(nil)
                    return
                }
                let reported = BlobDownloader(client: client, repository: repository).unwrapped(error, blob: blob)
                pipe.fail(reported)
                download.end(reported)
            }
        }
        if !started {
            let failure = RegistryError.invalidResponse(request: "GET blob \(blob.digest)", detail: "could not start a thread for the download")
            download.pipe.fail(failure)
            download.end(failure)
        }
        return download
    }
}
