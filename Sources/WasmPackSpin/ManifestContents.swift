/// What a manifest declares, independent of its schema version.
struct ManifestContents {
    let name: String?
    let version: String?
    let description: String?
    let authors: [String]
    /// In manifest order.
    let components: [ComponentDeclaration]
}
