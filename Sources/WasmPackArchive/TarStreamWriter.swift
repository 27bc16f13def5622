import WasmPackPlatform
import CArchive
import WasmPackOCI

/// Writes tar members with libarchive into a `GzipHashingSink`, with every header field that
/// could vary between machines (owner, names, mode, times) pinned.
///
/// A class because it owns the `struct archive *`; not thread-safe, one per layer.
final class TarStreamWriter {
    private let archive: OpaquePointer
    private let sink: GzipHashingSink
    private let destination: String
    private let modificationTime: Int64
    private var closed = false

    init(sink: GzipHashingSink, destination: String, modificationTime: Int64) throws(ArchiveError) {
        guard let archive = archive_write_new() else {
            throw .tarFailed(destination, message: "libarchive could not allocate a writer")
        }
        self.archive = archive
        self.sink = sink
        self.destination = destination
        self.modificationTime = modificationTime

        // pax_restricted writes plain ustar headers and adds a pax header only for what ustar
        // cannot hold (long or non-ASCII paths), so most layers are readable by any tar.
        try check(archive_write_set_format_pax_restricted(archive), path: destination)
        // No compression filter: zlib runs in the sink so both streams can be hashed.
        try check(archive_write_add_filter_none(archive), path: destination)
        try check(archive_write_set_bytes_per_block(archive, 10240), path: destination)
        // Pad the last block to the full 10240 bytes; never let libarchive guess from the output.
        try check(archive_write_set_bytes_in_last_block(archive, 10240), path: destination)
        let context = Unmanaged.passUnretained(sink).toOpaque()
        try check(archive_write_open2(archive, context, nil, writeTarBytes, nil, nil), path: destination)
    }

    deinit {
        if !closed {
            // Freeing an open archive pads and flushes it; after a failure that output is unwanted.
            if sink.failure == nil { sink.failure = .tarFailed(destination, message: "abandoned") }
        }
        archive_write_free(archive)
    }

    func writeDirectory(_ member: LayerMember) throws(ArchiveError) {
        try writeHeader(member, fileType: S_IFDIR, permissions: 0o755, size: 0)
    }

    /// Streams `sourceFile` into the archive through `buffer`, checking it is still the size
    /// `fstat` reported when the header was written.
    func writeFile(_ member: LayerMember, sourceFile: String, permissions: mode_t, buffer: UnsafeMutableRawBufferPointer) throws(ArchiveError) {
        // O_NONBLOCK so a FIFO given by mistake is rejected below rather than blocking open.
        let input = FileIO.openFile(sourceFile, flags: O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard input >= 0 else { throw .cannotOpenInput(sourceFile, errno: errno) }
        defer { close(input) }
        var info = stat()
        guard fstat(input, &info) == 0 else { throw .cannotOpenInput(sourceFile, errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .notARegularFile(sourceFile) }
        // A regular file now: reads should block as usual (a file on a network filesystem may
        // otherwise answer EAGAIN).
        let flags = fcntl(input, F_GETFL)
        guard flags >= 0, fcntl(input, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            throw .cannotOpenInput(sourceFile, errno: errno)
        }
        let size = Int64(info.st_size)

        try writeHeader(member, fileType: S_IFREG, permissions: permissions, size: size)
        var total: Int64 = 0
        while true {
            // Ctrl-C: stop between blocks so the build's staging is removed before the exit.
            if ProcessCancellation.isRequested { throw .cannotReadInput(sourceFile, errno: EINTR) }
            let count = FileIO.readSome(input, into: buffer)
            guard count >= 0 else { throw .cannotReadInput(sourceFile, errno: errno) }
            if count == 0 { break }
            total += Int64(count)
            // libarchive would silently truncate the extra bytes; a growing file is an error.
            guard total <= size else { throw .inputChanged(sourceFile, expectedSize: size, readSize: total) }
            try writeData(UnsafeRawBufferPointer(rebasing: buffer[..<count]), member: member)
        }
        // A short file would leave the archive one entry short of its declared size.
        guard total == size else { throw .inputChanged(sourceFile, expectedSize: size, readSize: total) }
    }

    /// Writes the end-of-archive blocks and the padded last block.
    func finish() throws(ArchiveError) {
        closed = true
        try check(archive_write_close(archive), path: destination)
    }

    private func writeHeader(_ member: LayerMember, fileType: mode_t, permissions: mode_t, size: Int64) throws(ArchiveError) {
        guard let entry = archive_entry_new() else {
            throw .tarFailed(member.tarPath, message: "libarchive could not allocate an entry")
        }
        defer { archive_entry_free(entry) }
        // Built by hand instead of from archive_read_disk so nothing of the build host leaks in:
        // uid/gid 0 and empty uname/gname (never set, so never looked up), fixed modes, one
        // mtime with no nanoseconds, no atime/ctime/birthtime, no xattrs, no ACLs.
        member.tarPath.withCString { archive_entry_copy_pathname(entry, $0) }
        archive_entry_set_filetype(entry, UInt32(fileType))
        archive_entry_set_perm(entry, permissions)
        archive_entry_set_uid(entry, 0)
        archive_entry_set_gid(entry, 0)
        archive_entry_set_mtime(entry, time_t(modificationTime), 0)
        archive_entry_set_size(entry, size)
        try check(archive_write_header(archive, entry), path: member.tarPath)
    }

    private func writeData(_ bytes: UnsafeRawBufferPointer, member: LayerMember) throws(ArchiveError) {
        var offset = 0
        while offset < bytes.count {
            let written = archive_write_data(archive, bytes.baseAddress! + offset, bytes.count - offset)
            guard written > 0 else { throw failure(path: member.tarPath) }
            offset += written
        }
    }

    /// Anything but ARCHIVE_OK is an error: even a warning means a header was not written as asked.
    private func check(_ status: Int32, path: String) throws(ArchiveError) {
        guard status == ARCHIVE_OK else { throw failure(path: path) }
    }

    /// A failure in the sink is the real cause; libarchive only saw the callback return -1.
    private func failure(path: String) -> ArchiveError {
        if let failure = sink.failure { return failure }
        let message = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        return .tarFailed(path, message: message)
    }
}

/// libarchive's write callback: hands each tar block to the sink. It must be a plain C function,
/// so the sink travels as the unretained context pointer.
private func writeTarBytes(
    _ archive: OpaquePointer?, _ context: UnsafeMutableRawPointer?, _ buffer: UnsafeRawPointer?, _ length: Int
) -> Int {
    guard let context else { return -1 }
    let sink = Unmanaged<GzipHashingSink>.fromOpaque(context).takeUnretainedValue()
    guard sink.failure == nil else { return -1 }
    do {
        try sink.consume(UnsafeRawBufferPointer(start: buffer, count: length))
        return length
    } catch {
        sink.failure = error
        return -1
    }
}
