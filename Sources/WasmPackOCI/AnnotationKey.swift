/// Pre-defined annotation keys.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/annotations.md
public enum AnnotationKey {
    public static let created = "org.opencontainers.image.created"
    public static let authors = "org.opencontainers.image.authors"
    public static let title = "org.opencontainers.image.title"
    public static let version = "org.opencontainers.image.version"
    public static let description = "org.opencontainers.image.description"
    /// Only meaningful in an image layout's index.json: the tag of an entry.
    public static let refName = "org.opencontainers.image.ref.name"
}
