/// One `files` entry of a component as Spin's loader reads it: what it names on disk and where the
/// component sees it. Lets a later stage decide whether a shim can mount it directly (only
/// `.directory` mounts) or the files must be copied.
public struct FilesMount: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A directory (a plain path or `{ source = DIR, destination }`): mounted as a whole.
        case directory
        /// A single regular file.
        case file
        /// A glob pattern: its matched regular files, each at its own relative path.
        case glob
    }

    public let kind: Kind
    /// The entry as the manifest writes it: the pattern or path, or `source` of a placement.
    public let written: String
    /// The path relative to the app directory ("" is the directory itself); for a glob, the
    /// normalised pattern.
    public let source: String
    /// The absolute path the component sees: `/<source>` for a plain path or glob's root `/`,
    /// the placement's `destination` otherwise.
    public let destination: String

    public init(kind: Kind, written: String, source: String, destination: String) {
        self.kind = kind
        self.written = written
        self.source = source
        self.destination = destination
    }
}
