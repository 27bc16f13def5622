/// How `Pusher` moves blobs.
public struct PushOptions: Sendable {
    /// Blobs uploaded at once (`--concurrency`).
    public var concurrency = 4
    /// Blobs larger than this go up in chunked PATCHes, which resume after a dropped connection.
    public var chunkedUploadThreshold: Int64 = 512 << 20
    /// The size of each PATCH (raised to the registry's OCI-Chunk-Min-Length when it asks).
    public var chunkSize: Int64 = 64 << 20
    /// Extra tags to point at the same manifest (`-t`).
    public var extraTags: [String] = []

    public init() {}
}
