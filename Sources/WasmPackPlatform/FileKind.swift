/// What a path names, from stat(2) (or lstat(2)): the subset of st_mode the code branches on.
public enum FileKind: Sendable, Equatable {
    case regular
    case directory
    case symbolicLink
    case other

    /// The kind of the file at `path`, or nil when it cannot be examined (errno says why).
    /// `followingLinks: false` looks at a symbolic link itself rather than its target.
    public init?(atPath path: String, followingLinks: Bool = true) {
        var info = stat()
        let status = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard status == 0 else { return nil }
        // mode_t is UInt32 on Linux and UInt16 on Darwin; S_IF* have the same type as st_mode.
        switch info.st_mode & S_IFMT {
        case S_IFREG: self = .regular
        case S_IFDIR: self = .directory
        case S_IFLNK: self = .symbolicLink
        default: self = .other
        }
    }
}
