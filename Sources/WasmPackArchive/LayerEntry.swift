/// One regular file to put into a layer: where it goes inside the image and where to read it from.
public struct LayerEntry: Sendable, Hashable {
    /// The path inside the layer: relative, `/`-separated, no leading `/` or `./`, no `.` or `..`.
    public let path: String
    /// The absolute path of the regular file whose bytes become the entry's content.
    public let sourceFile: String
    /// The permission bits written to the tar header. 0644 unless the runtime needs more: Lunatic's
    /// and wws's images mark the module they start 0755 (`COPY --chmod=0755`).
    public let permissions: UInt16

    public init(path: String, sourceFile: String, permissions: UInt16 = 0o644) {
        self.path = path
        self.sourceFile = sourceFile
        self.permissions = permissions
    }
}
