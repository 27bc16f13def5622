import WasmPackPlatform
import WasmPackOCI

/// The few file-system operations the layout needs, on POSIX calls so errors carry errno text.
enum FileSystem {
    static let chunkSize = 1 << 20

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func size(of path: String) throws(LayoutError) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw POSIXFile.error(path, "stat") }
        return Int64(info.st_size)
    }

    /// What `st_mode` describes, as an error message names it.
    static func kindName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a directory"
        case S_IFLNK: return "a symbolic link"
        case S_IFIFO: return "a FIFO"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "a file of unknown type"
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Creates `path` and any missing parents; returns the directories it created, deepest last.
    @discardableResult
    static func makeDirectories(_ path: String) throws(LayoutError) -> [String] {
        if isDirectory(path) { return [] }
        let parent = parentDirectory(of: path)
        var created: [String] = []
        if parent != path { created = try makeDirectories(parent) }
        if mkdir(path, 0o755) == 0 {
            created.append(path)
        } else if errno != EEXIST {
            let failure = POSIXFile.error(path, "create directory")
            removeEmptyDirectories(created)
            throw failure
        }
        return created
    }

    /// Removes directories `makeDirectories` created, deepest first, as long as they are empty
    /// (another process may have put something there meanwhile).
    static func removeEmptyDirectories(_ created: [String]) {
        for directory in created.reversed() { rmdir(directory) }
    }

    static func rename(_ from: String, to: String) throws(LayoutError) {
        guard SystemCall.rename(from, to) == 0 else { throw POSIXFile.error(to, "move a file into") }
    }

    /// Removes a file or a whole directory tree; errors are ignored (used for clean-up only).
    static func removeTree(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            if let directory = opendir(path) {
                var names: [String] = []
                while let entry = readdir(directory) {
                    let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
                    if name != "." && name != ".." { names.append(name) }
                }
                closedir(directory)
                for name in names { removeTree(path + "/" + name) }
            }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    static func parentDirectory(of path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    static func lastComponent(of path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return trimmed }
        return String(trimmed[trimmed.index(after: slash)...])
    }

    static func readAll(_ path: String, limit: Int64) throws(LayoutError) -> [UInt8] {
        let file = try POSIXFile(reading: path)
        var bytes: [UInt8] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer)
            if count == 0 { break }
            bytes.append(contentsOf: buffer[0..<count])
            if Int64(bytes.count) > limit { break }
        }
        return bytes
    }

    /// Writes bytes to `path` through a temporary sibling, synced, then renamed over it.
    static func writeAtomically(_ bytes: [UInt8], to path: String) throws(LayoutError) {
        let temporary = path + ".wasmpack-\(getpid())"
        do throws(LayoutError) {
            let file = try POSIXFile(creating: temporary)
            try file.write(bytes)
            try file.sync()
            try rename(temporary, to: path)
        } catch {
            unlink(temporary)
            throw error
        }
    }

    /// Streams `source` to `destination` (when given), hashing every byte; returns digest and size.
    static func hash(
        _ source: String, copyingTo destination: String? = nil
    ) throws(LayoutError) -> (digest: Digest, size: Int64) {
        let input = try POSIXFile(reading: source)
        let output: POSIXFile? = if let destination { try POSIXFile(creating: destination) } else { nil }
        let hasher = SHA256Hasher()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        var size: Int64 = 0
        while true {
            // A multi-gigabyte copy must not outlast the interrupt handler's wait.
            if ProcessCancellation.isRequested { throw .interrupted(path: destination ?? source) }
            let count = try input.read(into: buffer)
            if count == 0 { break }
            let chunk = UnsafeRawBufferPointer(rebasing: buffer[0..<count])
            hasher.update(chunk)
            try output?.write(chunk)
            size += Int64(count)
        }
        try output?.sync()
        return (hasher.finalize(), size)
    }
}
