import WasmPackPlatform

/// Writes OCI layers as gzip-compressed tars that are byte-for-byte reproducible: the same entries
/// give the same digest on any machine, any day, whatever the input files' order, owners, modes,
/// mtimes or the umask.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md
public struct LayerWriter: Sendable {
    /// The mtime of every tar member, in seconds since the epoch (e.g. `SOURCE_DATE_EPOCH`).
    public let modificationTime: Int64
    /// The zlib level, 0 (store) to 9 (smallest); changing it changes the digest.
    public let compressionLevel: Int32
    /// Told each file's path in the layer just before its bytes are packed (for a progress display).
    public var onFile: (@Sendable (_ path: String) -> Void)?

    private static let readChunkSize = 1 << 20

    public init(modificationTime: Int64 = 0, compressionLevel: Int32 = 6) {
        self.modificationTime = modificationTime
        self.compressionLevel = compressionLevel
    }

    /// Writes tar → gzip → `destination` (created or truncated) in one pass, reading each input
    /// once in 1 MiB chunks and hashing the tar (diffID) and gzip (digest) streams on the way.
    ///
    /// Parent directories are added as members; entries are sorted by path component. On any
    /// failure the partial destination is removed. `directories` are written as directory members
    /// (with their parents) even when no entry lies below them.
    public func write(entries: [LayerEntry], directories: [String] = [], to destination: String) throws(ArchiveError) -> LayerResult {
        // Validate everything first so a bad path never creates or truncates the destination.
        let plan = try LayerPlan(entries: entries, directories: directories)
        let output = FileIO.openFile(destination, flags: O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode: 0o644)
        guard output >= 0 else { throw .cannotCreateOutput(destination, errno: errno) }
        let result: LayerResult
        do {
            result = try UTF8CharacterType.withUTF8Paths { () throws(ArchiveError) in
                try write(plan, to: output, destination: destination)
            }
        } catch {
            close(output)
            unlink(destination)
            throw error
        }
        // close can report a deferred write error (NFS, quota), so it decides success too.
        guard close(output) == 0 else {
            let code = errno
            unlink(destination)
            throw .cannotWriteOutput(destination, errno: code)
        }
        return result
    }

    private func write(_ plan: LayerPlan, to output: Int32, destination: String) throws(ArchiveError) -> LayerResult {
        let sink = try GzipHashingSink(descriptor: output, destination: destination, compressionLevel: compressionLevel)
        let tar = try TarStreamWriter(sink: sink, destination: destination, modificationTime: modificationTime)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.readChunkSize, alignment: 16)
        defer { buffer.deallocate() }
        for member in plan.members {
            switch member.kind {
            case .directory:
                try tar.writeDirectory(member)
            case .file(let sourceFile, let permissions):
                onFile?(member.path)
                try tar.writeFile(member, sourceFile: sourceFile, permissions: mode_t(permissions), buffer: buffer)
            }
        }
        try tar.finish()
        return try sink.finish()
    }
}
