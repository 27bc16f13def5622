/// Whole-file reads for small files (manifests, config files), always bounded.
public enum FileContents {
    /// The first `limit` bytes of the file at `path` (all of it when it is shorter).
    public static func read(atPath path: String, upTo limit: Int) throws(SystemError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError(code: errno) }
        defer { close(descriptor) }
        return try read(descriptor: descriptor, upTo: limit)
    }

    /// The first `limit` bytes readable from `descriptor` (until end of file when fewer).
    public static func read(descriptor: Int32, upTo limit: Int) throws(SystemError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count < limit {
            let wanted = min(chunk.count, limit - bytes.count)
            let count = chunk.withUnsafeMutableBytes { SystemCall.read(descriptor, $0.baseAddress, wanted) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(code: errno)
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Calls `body` with each chunk of the file at `path` in order, so a large file is never held
    /// whole. Throws `SystemError` when the file cannot be read, or what `body` throws.
    public static func forEachChunk(atPath path: String, chunkSize: Int = 1 << 20, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw SystemError(code: errno) }
        defer { close(descriptor) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = SystemCall.read(descriptor, buffer.baseAddress, chunkSize)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(code: errno)
            }
            if count == 0 { return }
            try body(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
        }
    }

    /// Writes all of `bytes` to `descriptor`, retrying short writes and EINTR.
    public static func writeAll(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) throws(SystemError) {
        var offset = 0
        while offset < bytes.count {
            let count = SystemCall.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                throw SystemError(code: errno)
            }
            offset += count
        }
    }

    /// Replaces the file at `path` with `bytes`: a temporary sibling is written, synced and
    /// renamed over it, so a reader sees the old file or the new one, never half of one, and a
    /// failure leaves the old one.
    public static func replace(atPath path: String, with bytes: [UInt8], mode: mode_t = 0o644) throws(SystemError) {
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { $0 == path.startIndex ? "/" : String(path[..<$0]) } ?? "."
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        var temporary = ""
        var descriptor: Int32 = -1
        while descriptor < 0 {
            temporary = folder + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            if descriptor < 0 && errno != EEXIST { throw SystemError(code: errno) }
        }
        do throws(SystemError) {
            defer { close(descriptor) }
            try writeAll(bytes, to: descriptor)
            guard fsync(descriptor) == 0 else { throw SystemError(code: errno) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard SystemCall.rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw SystemError(code: code)
        }
    }

    /// Appends `bytes` to the file at `path`, creating it (with `mode`) when it is missing.
    public static func append(_ bytes: [UInt8], toPath path: String, mode: mode_t = 0o644) throws(SystemError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw SystemError(code: errno) }
        defer { close(descriptor) }
        try writeAll(bytes, to: descriptor)
    }

    /// `writeAll` for an array (withUnsafeBytes does not pass a typed error through).
    public static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws(SystemError) {
        var failure: SystemError?
        bytes.withUnsafeBytes { buffer in
            do throws(SystemError) { try writeAll(buffer, to: descriptor) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
