import WasmPackPlatform

/// The POSIX calls extraction needs, on byte paths. None of them follows a symlink unless its
/// name says so: the trees they walk came from an untrusted layer.
enum ExtractionFileSystem {
    /// Calls `body` with `path` as a NUL-terminated C string.
    static func withCPath<Result>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> Result) -> Result {
        (path + [0]).withUnsafeBytes { body($0.baseAddress!.assumingMemoryBound(to: CChar.self)) }
    }

    /// The file type bits (`S_IFMT`) of `path` itself, or nil if it cannot be `lstat`ed.
    static func fileType(_ path: [UInt8]) -> mode_t? {
        var info = stat()
        guard withCPath(path, { lstat($0, &info) }) == 0 else { return nil }
        return info.st_mode & S_IFMT
    }

    /// The target of `path` if it is a symlink; nil if it is anything else or does not exist.
    static func symlinkTarget(_ path: [UInt8]) -> [UInt8]? {
        guard fileType(path) == S_IFLNK else { return nil }
        var buffer = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = withCPath(path) { name in
            buffer.withUnsafeMutableBytes { readlink(name, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
        }
        // A target too long to read whole is treated as unreadable, never truncated.
        guard count >= 0, count < buffer.count else { return nil }
        return Array(buffer[..<count])
    }

    /// `path` with every symlink resolved; nil with `errno` set on failure.
    static func realPath(_ path: [UInt8]) -> [UInt8]? {
        guard let resolved = withCPath(path, { realpath($0, nil) }) else { return nil }
        defer { free(resolved) }
        return Array(UnsafeRawBufferPointer(start: resolved, count: strlen(resolved)))
    }

    /// Returns 0, or the `errno` of the failure.
    static func makeDirectory(_ path: [UInt8], mode: mode_t) -> Int32 {
        withCPath(path, { mkdir($0, mode) }) == 0 ? 0 : errno
    }

    /// Returns 0, or the `errno` of the failure.
    static func move(_ source: [UInt8], to destination: [UInt8]) -> Int32 {
        let status = withCPath(source) { from in withCPath(destination) { to in rename(from, to) } }
        return status == 0 ? 0 : errno
    }

    /// The names in `directory` except `.` and `..`, in byte order; throws the `errno` of a failure.
    static func names(in directory: [UInt8]) throws(Errno) -> [[UInt8]] {
        guard let stream = withCPath(directory, { opendir($0) }) else { throw Errno(code: errno) }
        defer { closedir(stream) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw Errno(code: errno) }
                break
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { Array($0.prefix { $0 != 0 }) }
            if name == [UInt8(ascii: ".")] || name == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            names.append(name)
        }
        return names.sorted { $0.lexicographicallyPrecedes($1) }
    }

    /// Deletes `path` and everything below it without following symlinks; best effort, for
    /// staging directories this extraction made.
    static func removeTree(_ path: [UInt8]) {
        guard let type = fileType(path) else { return }
        if type == S_IFDIR {
            // A layer may have asked for a read-only directory; its entries could not be unlinked.
            _ = withCPath(path) { chmod($0, 0o700) }
            for name in (try? names(in: path)) ?? [] {
                removeTree(path + [ExtractionPath.separator] + name)
            }
            _ = withCPath(path) { rmdir($0) }
        } else {
            _ = withCPath(path) { unlink($0) }
        }
    }

    /// Creates `path` and any missing parents (like `mkdir -p`), returning those it created,
    /// outermost first, so a failed extraction can remove them again.
    static func makeDirectories(_ path: [UInt8]) throws(ExtractionError) -> [[UInt8]] {
        var missing: [[UInt8]] = []
        var current = path
        var info = stat()
        while !current.isEmpty, withCPath(current, { stat($0, &info) }) != 0 {
            guard errno == ENOENT else { throw .cannotCreateDirectory(ExtractionPath.display(current), errno: errno) }
            missing.append(current)
            current = parent(of: current)
        }
        var created: [[UInt8]] = []
        for directory in missing.reversed() {
            let code = makeDirectory(directory, mode: 0o777)
            if code == 0 {
                created.append(directory)
            } else if code != EEXIST {
                removeDirectories(created)
                throw .cannotCreateDirectory(ExtractionPath.display(directory), errno: code)
            }
        }
        return created
    }

    /// Removes directories `makeDirectories` created, innermost first; only empty ones go.
    static func removeDirectories(_ created: [[UInt8]]) {
        for directory in created.reversed() {
            _ = withCPath(directory) { rmdir($0) }
        }
    }

    /// `path` without its last component: "" for a bare name (the current directory), "/" at the top.
    static func parent(of path: [UInt8]) -> [UInt8] {
        let end = endIgnoringTrailingSlashes(path)
        guard let slash = path[..<end].lastIndex(of: ExtractionPath.separator) else { return [] }
        var start = slash
        while start > 0, path[start - 1] == ExtractionPath.separator { start -= 1 }
        return start == 0 ? [ExtractionPath.separator] : Array(path[..<start])
    }

    /// The last component of `path`, ignoring trailing slashes.
    static func lastComponent(of path: [UInt8]) -> [UInt8] {
        let end = endIgnoringTrailingSlashes(path)
        let start = path[..<end].lastIndex(of: ExtractionPath.separator).map { $0 + 1 } ?? 0
        return Array(path[start..<end])
    }

    private static func endIgnoringTrailingSlashes(_ path: [UInt8]) -> Int {
        var end = path.count
        while end > 1, path[end - 1] == ExtractionPath.separator { end -= 1 }
        return end
    }

    struct Errno: Error {
        let code: Int32
    }
}
