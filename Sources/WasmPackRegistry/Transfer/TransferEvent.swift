import WasmPackOCI

/// Progress of a push, pull or copy, for the CLI to show on stderr: a blob's start, its bytes as they
/// move, how it ended, and each manifest.
public enum TransferEvent: Sendable {
    /// Work on a blob began: its existence check (push, copy) or its download (pull).
    case blobStarted(Descriptor)
    /// Bytes of the blob sent or received so far, out of `total` (its size); at most about ten a
    /// second per blob. A retried upload or download starts again from fewer bytes.
    case blobProgress(Digest, done: Int64, total: Int64)
    case blobExists(Descriptor)
    case blobMounted(Descriptor, from: String)
    case blobUploaded(Descriptor)
    case blobDownloaded(Descriptor)
    /// Pull: the layout already held the blob, intact (hashed): nothing downloaded.
    case blobPresent(Descriptor)
    /// Streamed from the source registry into the destination (`ImageCopier`).
    case blobCopied(Descriptor)
    case manifestPushed(Digest, reference: String)
    /// The tag (or digest) already named this manifest: nothing was sent for it.
    case manifestExists(Digest, reference: String)
    case manifestPulled(Digest, reference: String)
}
