import WasmPackOCI

/// The image the objects run: a repository and the digest it was resolved to, so every node runs
/// exactly the pushed bytes whatever happens to the tag later.
public struct PinnedImage: Sendable, Hashable {
    public var registry: String
    public var repository: String
    public var digest: Digest
    /// What the manifest is, when known (a Spin artifact gets a SpinApp by default).
    public var format: ArtifactFormat?

    public init(registry: String, repository: String, digest: Digest, format: ArtifactFormat? = nil) {
        self.registry = registry
        self.repository = repository
        self.digest = digest
        self.format = format
    }

    /// `registry/repository@sha256:…`, what a pod's `image` and a SpinApp's `image` take.
    public var image: String { "\(registry)/\(repository)@\(digest)" }
}
