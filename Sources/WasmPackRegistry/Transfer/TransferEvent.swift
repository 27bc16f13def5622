import WasmPackOCI

/// Progress of a push or pull, one event per blob or manifest, for the CLI to print on stderr.
public enum TransferEvent: Sendable {
    case blobExists(Descriptor)
    case blobMounted(Descriptor, from: String)
    case blobUploaded(Descriptor)
    case blobDownloaded(Descriptor)
    case manifestPushed(Digest, reference: String)
    /// The tag (or digest) already named this manifest: nothing was sent for it.
    case manifestExists(Digest, reference: String)
    case manifestPulled(Digest, reference: String)
}
