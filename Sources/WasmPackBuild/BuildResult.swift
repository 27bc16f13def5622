import WasmPackOCI

/// What a build wrote.
public struct BuildResult: Sendable {
    /// The image manifest, as recorded in the layout's index.json (without the tag annotation).
    public let manifest: Descriptor
    /// The layout directory.
    public let layout: String
    public let tags: [String]
    /// Things the user should know that did not stop the build.
    public let warnings: [String]
}
