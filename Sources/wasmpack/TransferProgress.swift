import WasmPackOCI
import WasmPackRegistry

/// One plain line per blob on stderr, like oras without a TTY.
enum TransferProgress {
    @Sendable static func report(_ event: TransferEvent) {
        switch event {
        case .blobExists(let blob): Output.message("Exists   \(short(blob.digest)) \(Inspect.byteCount(blob.size))")
        case .blobMounted(let blob, let from): Output.message("Mounted  \(short(blob.digest)) \(Inspect.byteCount(blob.size)) from \(from)")
        case .blobUploaded(let blob): Output.message("Uploaded \(short(blob.digest)) \(Inspect.byteCount(blob.size))")
        case .blobDownloaded(let blob): Output.message("Downloaded \(short(blob.digest)) \(Inspect.byteCount(blob.size))")
        case .manifestPushed(let digest, let reference): Output.message("Pushed   \(short(digest)) as \(reference)")
        case .manifestExists(let digest, let reference): Output.message("Exists   \(short(digest)) as \(reference)")
        case .manifestPulled(let digest, let reference): Output.message("Pulled   \(short(digest)) from \(reference)")
        }
    }

    static func short(_ digest: Digest) -> String { "\(digest.algorithm.rawValue):\(digest.encoded.prefix(12))" }
}
