import WasmPackOCI

/// What a push or pull did with one blob; the results' `outcome` strings are the raw values.
public enum BlobOutcome: String, Sendable, Hashable, CaseIterable {
    /// Sent to the registry.
    case uploaded
    /// The registry already had it (HEAD answered 200): nothing sent.
    case existed
    /// Mounted from another repository of the same registry: nothing sent.
    case mounted
    /// Fetched from the registry and verified.
    case downloaded
    /// Pull: already in the layout, and its bytes hash to its digest: nothing downloaded.
    case present
}

/// One blob of a push or pull and what happened to it.
public struct BlobTransfer: Sendable, Hashable {
    public var descriptor: Descriptor
    public var outcome: BlobOutcome

    public init(_ descriptor: Descriptor, outcome: BlobOutcome) {
        self.descriptor = descriptor
        self.outcome = outcome
    }
}
