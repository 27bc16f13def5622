import WasmPackPlatform
import CArchive
import WasmPackOCI

/// One pass over a layer: reads each entry with libarchive, refuses the unsafe ones, and streams
/// the rest below `root` with `archive_write_disk`.
///
/// A class because it owns both `struct archive *`; not thread-safe, one per extraction.
/// archive_write_disk reads the umask for every entry by setting it to 0 and back (libarchive
/// 3.6), so a file another thread creates in that instant misses the umask; extract after, not
/// during, parallel work.
final class LayerExtractSession {
    private enum Kind {
        case file, directory, symlink
    }

    // libarchive's own guards, kept as a second line behind the checks here: it refuses to write
    // through a symlink on disk and any `..`, but never looks at where a new symlink points.
    // ARCHIVE_EXTRACT_SECURE_NOABSOLUTEPATHS cannot be set: archive_write_disk resolves relative
    // paths against the process's working directory, shared by every thread, so each entry is
    // handed over as an absolute path below `root` (absolute entry names are refused before that).
    // No OWNER, PERM, ACL, XATTR or FFLAGS: nothing of the image's users or privileges is restored.
    private static let diskOptions = ARCHIVE_EXTRACT_TIME | ARCHIVE_EXTRACT_SECURE_SYMLINKS | ARCHIVE_EXTRACT_SECURE_NODOTDOT
    private static let readBlockSize = 1 << 16
    /// What each entry costs against the limits besides its data: its tar header block.
    private static let entryCost: Int64 = 512

    private let layer: String
    private let root: [UInt8]
    private let reader: OpaquePointer
    private let writer: OpaquePointer
    /// What each path written so far is now, by its normalised bytes. Later entries may not pass
    /// through a symlink, and hard links may only point at files.
    private var written: [[UInt8]: Kind] = [:]
    private let limits: ExtractionLimits
    private let destination: String
    private let extractedBefore: Int64
    /// Bytes the ratio limit lets this layer write, from the blob's size on disk.
    private let ratioAllowance: Int64
    private let compressedSize: Int64
    /// What this layer has written so far, as `ExtractionLimits` counts it.
    private(set) var extractedSize: Int64 = 0

    /// `root` must be a directory path without symlinks (`realpath`'d): with
    /// ARCHIVE_EXTRACT_SECURE_SYMLINKS libarchive refuses any symlink on the way, its own included.
    /// `destination` is the extraction directory as the caller named it, for error messages.
    init(layer: String, root: [UInt8], destination: String, limits: ExtractionLimits, extractedBefore: Int64) throws(ExtractionError) {
        self.destination = destination
        var info = stat()
        guard stat(layer, &info) == 0 else { throw .cannotOpenLayer(layer, message: Self.errnoText(errno)) }
        compressedSize = Int64(info.st_size)
        self.limits = limits
        self.extractedBefore = extractedBefore
        ratioAllowance = limits.ratioAllowance(compressedSize: compressedSize)
        guard let reader = archive_read_new() else {
            throw .cannotOpenLayer(layer, message: "libarchive could not allocate a reader")
        }
        guard let writer = archive_write_disk_new() else {
            archive_read_free(reader)
            throw .cannotOpenLayer(layer, message: "libarchive could not allocate a disk writer")
        }
        self.layer = layer
        self.root = root
        self.reader = reader
        self.writer = writer
        // OCI layers are tar or tar+gzip; the filter is recognised from the stream's first bytes,
        // whatever the media type said.
        // https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md
        archive_read_support_filter_gzip(reader)
        archive_read_support_format_tar(reader)
        guard archive_write_disk_set_options(writer, Self.diskOptions) == ARCHIVE_OK else {
            throw .cannotOpenLayer(layer, message: Self.message(writer))
        }
        guard archive_read_open_filename(reader, layer, Self.readBlockSize) == ARCHIVE_OK else {
            throw .cannotOpenLayer(layer, message: Self.message(reader))
        }
    }

    deinit {
        archive_read_free(reader)
        archive_write_free(writer)
    }

    /// The regular files written (hard links included), relative to `root`, sorted.
    var files: [String] {
        written.filter { $0.value == .file }.map { ExtractionPath.display($0.key) }.sorted()
    }

    /// Extracts every entry, then lets libarchive set the directories' modes and times.
    func run() throws(ExtractionError) {
        while true {
            var entry: OpaquePointer?
            let status = archive_read_next_header(reader, &entry)
            if status == ARCHIVE_EOF { break }
            // A warning (an unknown pax keyword, a name not in the locale's charset) still gives
            // a usable entry; every name is checked below whatever its source.
            guard status == ARCHIVE_OK || status == ARCHIVE_WARN, let entry else {
                throw .cannotReadLayer(layer, message: Self.message(reader))
            }
            try extract(entry)
        }
        guard archive_write_close(writer) == ARCHIVE_OK else {
            throw .cannotWriteFile(layer: layer, entry: "(directory metadata)", path: destination, message: Self.message(writer))
        }
    }

    /// Checks every symlink this layer left, resolved in the finished tree at `finalRoot`: a
    /// chain can leave the directory through links that came later in the tar, or that were
    /// already in the directory the layer was merged into.
    func verifySymlinks(under finalRoot: [UInt8]) throws(ExtractionError) {
        let links = written.filter { $0.value == .symlink }.map(\.key).sorted { $0.lexicographicallyPrecedes($1) }
        for path in links {
            guard let target = ExtractionFileSystem.symlinkTarget(ExtractionPath.below(finalRoot, [path])) else { continue }
            let directory = path.split(separator: ExtractionPath.separator).dropLast().map(Array.init)
            guard ExtractionPath.symlinkStaysInside(target: target, directory: directory, root: finalRoot) else {
                throw .symlinkLeavesDirectory(
                    layer: layer, entry: ExtractionPath.display(path), target: ExtractionPath.display(target))
            }
        }
    }

    private func extract(_ entry: OpaquePointer) throws(ExtractionError) {
        guard let rawName = archive_entry_pathname(entry) else {
            throw .cannotReadLayer(layer, message: "an entry has no path libarchive can read")
        }
        let name = Self.bytes(rawName)
        let display = ExtractionPath.display(name)
        let components = try checkedComponents(name, entry: display)
        guard let last = components.last else {
            // `./` is the extraction directory itself; its mode and times stay the caller's.
            if archive_entry_filetype(entry) == S_IFDIR, archive_entry_hardlink(entry) == nil { return }
            throw .cannotWriteEntry(layer: layer, entry: display, message: "it names the extraction directory itself")
        }
        // OCI whiteouts (`.wh.NAME`, `.wh..wh..opq`) delete files of lower layers. They are not
        // applied, only skipped, so the marker files never appear in the app's directory.
        // https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md#whiteouts
        if last.starts(with: Array(".wh.".utf8)) { return }
        for depth in 1..<components.count where written[ExtractionPath.joined(components[..<depth])] == .symlink {
            throw .writesThroughSymlink(
                layer: layer, entry: display, symlink: ExtractionPath.display(ExtractionPath.joined(components[..<depth])))
        }
        let path = ExtractionPath.below(root, components)
        // Past PATH_MAX libarchive chdir()s into intermediate directories, which would move
        // every other thread's working directory too.
        guard path.count < Int(PATH_MAX) else { throw .pathTooLong(layer: layer, entry: display) }

        let kind = try kind(of: entry, components: components, display: display)
        ExtractionFileSystem.withCPath(path) { archive_entry_copy_pathname(entry, $0) }
        // No setuid/setgid/sticky and no write for group or others; directories stay u+rwx so
        // the staging directory can always be merged and removed.
        var permissions = archive_entry_perm(entry) & 0o755
        if kind == .directory { permissions |= 0o700 }
        archive_entry_set_perm(entry, permissions)

        try charge(Self.entryCost, entry: display)
        try check(archive_write_header(writer, entry), entry: display)
        if kind == .file { try copyData(entry: display) }
        try check(archive_write_finish_entry(writer), entry: display)
        written[ExtractionPath.joined(components)] = kind
    }

    private func checkedComponents(_ name: [UInt8], entry display: String) throws(ExtractionError) -> [[UInt8]] {
        do {
            return try ExtractionPath.components(of: name)
        } catch {
            switch error {
            case .absolute: throw .absolutePath(layer: layer, entry: display)
            case .parentComponent: throw .parentComponent(layer: layer, entry: display)
            }
        }
    }

    /// The entry's type after checking its link target, if any; points hard links below `root`.
    private func kind(of entry: OpaquePointer, components: [[UInt8]], display: String) throws(ExtractionError) -> Kind {
        if let rawTarget = archive_entry_hardlink(entry) {
            // Hard link targets are archive paths, from the top of the layer.
            let target = Self.bytes(rawTarget)
            let targetComponents: [[UInt8]]
            do {
                targetComponents = try ExtractionPath.components(of: target)
            } catch {
                throw .hardLinkLeavesDirectory(layer: layer, entry: display, target: ExtractionPath.display(target))
            }
            // Only files: a hard link to a symlink would carry its relative target to a new directory.
            guard written[ExtractionPath.joined(targetComponents)] == .file else {
                throw .hardLinkTargetMissing(layer: layer, entry: display, target: ExtractionPath.display(target))
            }
            let targetPath = ExtractionPath.below(root, targetComponents)
            ExtractionFileSystem.withCPath(targetPath) { archive_entry_copy_hardlink(entry, $0) }
            return .file
        }
        switch archive_entry_filetype(entry) {
        case S_IFREG:
            return .file
        case S_IFDIR:
            return .directory
        case S_IFLNK:
            let target = archive_entry_symlink(entry).map(Self.bytes) ?? []
            // Checked against the disk as it is now; verifySymlinks repeats it on the whole tree.
            guard ExtractionPath.symlinkStaysInside(target: target, directory: Array(components.dropLast()), root: root) else {
                throw .symlinkLeavesDirectory(layer: layer, entry: display, target: ExtractionPath.display(target))
            }
            return .symlink
        case S_IFCHR:
            throw .unsupportedEntryType(layer: layer, entry: display, kind: "character device")
        case S_IFBLK:
            throw .unsupportedEntryType(layer: layer, entry: display, kind: "block device")
        case S_IFIFO:
            throw .unsupportedEntryType(layer: layer, entry: display, kind: "FIFO")
        case S_IFSOCK:
            throw .unsupportedEntryType(layer: layer, entry: display, kind: "socket")
        default:
            throw .unsupportedEntryType(layer: layer, entry: display, kind: "file of unknown type")
        }
    }

    /// Streams the entry's data block by block (sparse holes keep their offsets); never whole.
    private func copyData(entry display: String) throws(ExtractionError) {
        var block: UnsafeRawPointer?
        var size = 0
        var offset: la_int64_t = 0
        while true {
            // Ctrl-C: stop between blocks so the staging can be undone before the process exits.
            if ProcessCancellation.isRequested { throw .cannotWriteEntry(layer: layer, entry: display, message: "interrupted") }
            let status = archive_read_data_block(reader, &block, &size, &offset)
            if status == ARCHIVE_EOF { return }
            guard status == ARCHIVE_OK else { throw .cannotReadLayer(layer, message: Self.message(reader)) }
            // Before the write, so a refused layer never puts more than its allowance on disk.
            try charge(Int64(size), entry: display)
            let written = archive_write_data_block(writer, block, size, offset)
            guard written == ARCHIVE_OK else { throw writeFailure(entry: display) }
        }
    }

    /// Counts `bytes` about to be written for `entry` against the limits.
    private func charge(_ bytes: Int64, entry display: String) throws(ExtractionError) {
        extractedSize += bytes
        if extractedBefore + extractedSize > limits.maximumSize {
            throw .sizeLimitExceeded(layer: layer, entry: display, limit: limits.maximumSize)
        }
        if extractedSize > ratioAllowance {
            throw .ratioLimitExceeded(
                layer: layer, entry: display, ratio: limits.maximumRatio, compressedSize: compressedSize, limit: ratioAllowance)
        }
    }

    /// Anything but ARCHIVE_OK fails the entry: libarchive's warnings here mean something was not
    /// restored as asked (a link to itself, a truncated file).
    private func check(_ status: Int32, entry display: String) throws(ExtractionError) {
        guard status == ARCHIVE_OK else { throw writeFailure(entry: display) }
    }

    /// Names the file as the user will look for it: in the extraction directory, not the
    /// staging directory it was really going to.
    private func writeFailure(entry display: String) -> ExtractionError {
        let path = destination.hasSuffix("/") ? destination + display : destination + "/" + display
        return .cannotWriteFile(layer: layer, entry: display, path: path, message: Self.message(writer))
    }

    /// libarchive's text, with the system's reason when it has one: its disk writer says only
    /// "Write failed" when the disk is full.
    private static func message(_ archive: OpaquePointer) -> String {
        let text = archive_error_string(archive).map { String(cString: $0) } ?? "unknown libarchive error"
        let code = archive_errno(archive)
        guard code > 0 else { return text }
        let reason = errnoText(code)
        return text.contains(reason) ? text : "\(text): \(reason)"
    }

    private static func errnoText(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }

    private static func bytes(_ string: UnsafePointer<CChar>) -> [UInt8] {
        Array(UnsafeRawBufferPointer(start: string, count: strlen(string)))
    }
}
