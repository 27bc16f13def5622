import WasmPackOCI
import WasmPackPlatform

/// Unpacks image layers (tar or tar+gzip) into a directory, refusing anything in them that could
/// write outside it or leave a way out behind.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/layer.md
public struct LayerExtractor: Sendable {
    public init() {}

    /// Unpacks the layer blob at `path` into `directory`, created (with its parents) if missing.
    /// Returns the relative paths of the regular files written, hard links included, sorted.
    ///
    /// Entry data is streamed block by block. Refused, with nothing of the layer left behind:
    /// absolute paths, `..` components, devices, FIFOs and sockets, symlinks that are absolute or
    /// resolve outside `directory` (also through other symlinks), hard links to anything but a
    /// file earlier in the layer, and entries below an earlier symlink. OCI whiteouts (`.wh.*`)
    /// are skipped, not applied: files of earlier layers stay. Owners are not restored; modes
    /// keep at most `0o755` (no setuid, setgid, sticky or group/other write), less the umask;
    /// mtimes are restored.
    ///
    /// All or nothing: the layer is unpacked into a staging directory first. A new `directory`
    /// is that staging directory renamed into place at the end; an existing one has the staged
    /// entries moved in by rename (directories merge, other entries replace what is there, as in
    /// an image's later layer), with every rename undone if anything fails. On any error
    /// `directory` is as it was before the call, or still does not exist.
    ///
    /// Unpacking stops with `sizeLimitExceeded` or `ratioLimitExceeded` as soon as the entry being
    /// written would pass `limits`; `extractedBefore` is what earlier layers of the same image
    /// wrote, counted against `limits.maximumSize` too.
    public func extract(
        layer path: String, into directory: String, limits: ExtractionLimits, extractedBefore: Int64 = 0
    ) throws(ExtractionError) -> ExtractedLayer {
        let staging = try ExtractionStaging(directory: directory)
        do {
            let session = try LayerExtractSession(
                layer: path, root: staging.extractionRoot, destination: directory, limits: limits,
                extractedBefore: extractedBefore)
            // Pinned so names from pax headers (always UTF-8) come out as the same bytes
            // whatever the caller's locale; `body` does not suspend, as uselocale needs.
            try UTF8CharacterType.withUTF8Paths { () throws(ExtractionError) in try session.run() }
            try session.verifySymlinks(under: staging.place())
            try staging.commit()
            return ExtractedLayer(files: session.files, size: session.extractedSize)
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// Writes a layer that is a single file (a wasm module) as `directory/name`, through a hidden
    /// temporary beside it renamed into place: `name` is whole, or as it was before. `directory`
    /// is created with its parents if missing (and removed again on failure). `name` must be a
    /// plain file name; the caller checks it.
    public func extractFile(blob path: String, named name: String, into directory: String) throws(ExtractionError) {
        let created = try ExtractionFileSystem.makeDirectories(Array(directory.utf8))
        let target = directory.hasSuffix("/") ? directory + name : directory + "/" + name
        let temporary = (directory.hasSuffix("/") ? directory : directory + "/") + ".\(name).wasmpack-partial"
        // An interrupt during the copy must not leave the partial file in the user's folder.
        let cleanup = ProcessCancellation.registerCleanup { unlink(temporary) }
        defer { ProcessCancellation.unregisterCleanup(cleanup) }
        do throws(ExtractionError) {
            try Self.copy(path, to: temporary, reportingAs: target, entry: name)
            guard rename(temporary, target) == 0 else {
                throw .cannotWriteFile(layer: path, entry: name, path: target, message: Self.errnoText(errno))
            }
        } catch {
            unlink(temporary)
            ExtractionFileSystem.removeDirectories(created)
            throw error
        }
    }

    private static func copy(_ source: String, to temporary: String, reportingAs target: String, entry: String) throws(ExtractionError) {
        let input = FileIO.openFile(source, flags: O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { throw .cannotOpenLayer(source, message: errnoText(errno)) }
        defer { close(input) }
        // O_EXCL: a leftover temporary (or a symlink planted at its name) is never written through.
        unlink(temporary)
        let output = FileIO.openFile(temporary, flags: O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode: 0o644)
        guard output >= 0 else { throw .cannotWriteFile(layer: source, entry: entry, path: target, message: errnoText(errno)) }
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)
        defer { buffer.deallocate() }
        var failure: ExtractionError?
        while failure == nil {
            if ProcessCancellation.isRequested {
                failure = .cannotWriteFile(layer: source, entry: entry, path: target, message: "interrupted")
                break
            }
            let count = FileIO.readSome(input, into: buffer)
            if count == 0 { break }
            if count < 0 {
                failure = .cannotReadLayer(source, message: errnoText(errno))
            } else {
                let code = FileIO.writeAll(output, UnsafeRawBufferPointer(rebasing: buffer[..<count]))
                if code != 0 { failure = .cannotWriteFile(layer: source, entry: entry, path: target, message: errnoText(code)) }
            }
        }
        // close can report a deferred write error (NFS, quota), so it decides success too.
        if close(output) != 0, failure == nil {
            failure = .cannotWriteFile(layer: source, entry: entry, path: target, message: errnoText(errno))
        }
        if let failure { throw failure }
    }

    private static func errnoText(_ code: Int32) -> String {
        strerror(code).map { String(cString: $0) } ?? "error \(code)"
    }

    /// `extract(layer:into:limits:)` with the default limits; returns the files written.
    public func extract(layer path: String, into directory: String) throws(ExtractionError) -> [String] {
        try extract(layer: path, into: directory, limits: ExtractionLimits()).files
    }
}
