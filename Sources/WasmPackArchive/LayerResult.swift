import WasmPackOCI

/// What a written layer is known by: the two digests an OCI image needs and the sizes behind them.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/config.md#layer-diffid
public struct LayerResult: Sendable, Equatable {
    /// The sha256 of the gzip bytes on disk: the layer descriptor's `digest`.
    public let digest: Digest
    /// The number of gzip bytes on disk: the layer descriptor's `size`.
    public let size: Int64
    /// The sha256 of the uncompressed tar: the config's `rootfs.diff_ids` entry.
    public let diffID: Digest
    /// The number of bytes in the uncompressed tar.
    public let uncompressedSize: Int64

    public init(digest: Digest, size: Int64, diffID: Digest, uncompressedSize: Int64) {
        self.digest = digest
        self.size = size
        self.diffID = diffID
        self.uncompressedSize = uncompressedSize
    }
}
