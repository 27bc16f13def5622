import WasmPackPlatform

/// A thin owner of a POSIX file descriptor with EINTR-safe full reads and writes.
final class POSIXFile {
    let descriptor: Int32
    let path: String

    /// Only regular files: opened with O_NONBLOCK so a FIFO put in a file's place cannot block,
    /// then checked on the descriptor itself, then switched back to blocking reads.
    init(reading path: String) throws(LayoutError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw POSIXFile.error(path, "open") }
        var info = stat()
        var failure: LayoutError?
        if fstat(descriptor, &info) != 0 {
            failure = POSIXFile.error(path, "open")
        } else if info.st_mode & S_IFMT != S_IFREG {
            failure = .io(path: path, operation: "open", reason: "it is not a regular file")
        } else {
            let flags = fcntl(descriptor, F_GETFL)
            if flags < 0 || fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) != 0 { failure = POSIXFile.error(path, "open") }
        }
        if let failure {
            close(descriptor)
            throw failure
        }
        self.descriptor = descriptor
        self.path = path
    }

    init(creating path: String) throws(LayoutError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw POSIXFile.error(path, "create") }
        self.descriptor = descriptor
        self.path = path
    }

    deinit { close(descriptor) }

    /// Reads up to `buffer.count` bytes; 0 means end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(LayoutError) -> Int {
        while true {
            let count = SystemCall.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno != EINTR { throw POSIXFile.error(path, "read") }
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(LayoutError) {
        var offset = 0
        while offset < bytes.count {
            let count = SystemCall.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw POSIXFile.error(path, "write")
            }
            offset += count
        }
    }

    /// Writes a whole array (closures of `withUnsafeBytes` would erase the typed error).
    func write(_ bytes: [UInt8]) throws(LayoutError) {
        let failure = bytes.withUnsafeBytes { raw -> LayoutError? in
            do throws(LayoutError) { try write(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    func sync() throws(LayoutError) {
        guard fsync(descriptor) == 0 else { throw POSIXFile.error(path, "sync") }
    }

    static func error(_ path: String, _ operation: String) -> LayoutError {
        .io(path: path, operation: operation, reason: String(cString: strerror(errno)))
    }
}
