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
    /// What the build changed on the way, one line each (components whose files were repacked for
    /// the Spin shim's direct mounts); the CLI prints them to stderr.
    public var notes: [String] = []
}
