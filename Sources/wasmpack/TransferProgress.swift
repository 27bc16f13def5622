import WasmPackOCI
import WasmPackRegistry

/// The lines transfer events leave on stderr, shared by the plain display (a pipe, CI) and the
/// live one (whose finished blobs stay on screen as these lines), like oras's.
enum TransferProgress {
    /// The line `event` leaves, or nil for byte counts, which only the live display shows.
    static func line(for event: TransferEvent, activity: ProgressDisplay.Activity) -> String? {
        switch event {
        case .blobStarted(let blob): "\(activity.verb) \(short(blob.digest)) \(Inspect.byteCount(blob.size))"
        case .blobProgress: nil
        case .blobExists(let blob): "Exists   \(short(blob.digest)) \(Inspect.byteCount(blob.size))"
        case .blobMounted(let blob, let from): "Mounted  \(short(blob.digest)) \(Inspect.byteCount(blob.size)) from \(from)"
        case .blobUploaded(let blob): "Uploaded \(short(blob.digest)) \(Inspect.byteCount(blob.size))"
        case .blobDownloaded(let blob): "Downloaded \(short(blob.digest)) \(Inspect.byteCount(blob.size))"
        case .blobPresent(let blob): "Present  \(short(blob.digest)) \(Inspect.byteCount(blob.size))"
        case .blobCopied(let blob): "Copied   \(short(blob.digest)) \(Inspect.byteCount(blob.size))"
        case .manifestPushed(let digest, let reference): "Pushed   \(short(digest)) as \(reference)"
        case .manifestExists(let digest, let reference): "Exists   \(short(digest)) as \(reference)"
        case .manifestPulled(let digest, let reference): "Pulled   \(short(digest)) from \(reference)"
        }
    }

    static func short(_ digest: Digest) -> String { "\(digest.algorithm.rawValue):\(digest.encoded.prefix(12))" }
}
