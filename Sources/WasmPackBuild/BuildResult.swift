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
    /// The format built (`--format`).
    public var format: BuildFormat = .image
    /// The runtime target's name; nil when the build had none (`--format wasm-to-oci` without `--target`).
    public var target: String? = nil
    /// The platform the manifest's config names; nil when the format's config names none (wasm-to-oci).
    public var platform: Platform? = nil
    /// The manifest's config and layers, each once, in manifest order: what the layout now holds for it.
    public var blobs: [Descriptor] = []
}
