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
                layer: path, root: staging.extractionRoot, limits: limits, extractedBefore: extractedBefore)
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

    /// `extract(layer:into:limits:)` with the default limits; returns the files written.
    public func extract(layer path: String, into directory: String) throws(ExtractionError) -> [String] {
        try extract(layer: path, into: directory, limits: ExtractionLimits()).files
    }
}
