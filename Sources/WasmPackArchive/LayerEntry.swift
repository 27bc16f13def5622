/// One regular file to put into a layer: where it goes inside the image and where to read it from.
public struct LayerEntry: Sendable, Hashable {
    /// The path inside the layer: relative, `/`-separated, no leading `/` or `./`, no `.` or `..`.
    public let path: String
    /// The absolute path of the regular file whose bytes become the entry's content.
    public let sourceFile: String

    public init(path: String, sourceFile: String) {
        self.path = path
        self.sourceFile = sourceFile
    }
}
