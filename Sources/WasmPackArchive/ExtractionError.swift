import WasmPackPlatform

/// Why a layer could not be unpacked. The refusals name the layer file and the entry as the tar
/// spells it; when one is thrown, nothing of the layer is left in the extraction directory.
public enum ExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The layer file is missing, unreadable, or not a tar (plain or gzip); `message` is libarchive's.
    case cannotOpenLayer(String, message: String)
    /// The tar or gzip stream broke part-way (truncated or corrupt blob).
    case cannotReadLayer(String, message: String)
    /// An entry path starts with `/`.
    case absolutePath(layer: String, entry: String)
    /// An entry path has a `..` component.
    case parentComponent(layer: String, entry: String)
    /// A character or block device, FIFO, socket or unknown type; `kind` says which.
    case unsupportedEntryType(layer: String, entry: String, kind: String)
    /// A symlink whose target is absolute or resolves outside the extraction directory.
    case symlinkLeavesDirectory(layer: String, entry: String, target: String)
    /// A hard link whose target is absolute or has a `..` component.
    case hardLinkLeavesDirectory(layer: String, entry: String, target: String)
    /// A hard link whose target is not a regular file written earlier from the same layer.
    case hardLinkTargetMissing(layer: String, entry: String, target: String)
    /// An entry below a path that an earlier entry of the layer made a symlink.
    case writesThroughSymlink(layer: String, entry: String, symlink: String)
    /// The entry's path on disk would be longer than `PATH_MAX`.
    case pathTooLong(layer: String, entry: String)
    /// libarchive could not write an entry to disk; `message` is its own text.
    case cannotWriteEntry(layer: String, entry: String, message: String)
    /// Writing an entry to disk failed (a full disk, a quota, permissions); `path` is where it
    /// was going in the extraction directory, `message` libarchive's text with the system's reason.
    case cannotWriteFile(layer: String, entry: String, path: String, message: String)
    /// Writing `entry` would take everything extracted past `limit` bytes.
    case sizeLimitExceeded(layer: String, entry: String, limit: Int64)
    /// Writing `entry` would take the layer past `limit` bytes, `ratio` times its compressed size.
    case ratioLimitExceeded(layer: String, entry: String, ratio: Int64, compressedSize: Int64, limit: Int64)
    /// The extraction directory, one of its parents, or the staging directory could not be created.
    case cannotCreateDirectory(String, errno: Int32)
    /// Moving the unpacked layer into the extraction directory failed (nothing was left half-moved).
    case cannotMoveIntoPlace(String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotOpenLayer(let layer, let message):
            return "cannot open layer '\(layer)': \(message)"
        case .cannotReadLayer(let layer, let message):
            return "cannot read layer '\(layer)': \(message); the blob is truncated or corrupt, pull it again"
        case .absolutePath(let layer, let entry):
            return "refusing entry '\(entry)' of layer '\(layer)': it is an absolute path, which leaves the extraction directory"
        case .parentComponent(let layer, let entry):
            return "refusing entry '\(entry)' of layer '\(layer)': its '..' component leaves the extraction directory"
        case .unsupportedEntryType(let layer, let entry, let kind):
            return "refusing entry '\(entry)' of layer '\(layer)': it is a \(kind); layers may hold only files, directories and links"
        case .symlinkLeavesDirectory(let layer, let entry, let target):
            return "refusing symlink '\(entry)' -> '\(target)' of layer '\(layer)': it points outside the extraction directory"
        case .hardLinkLeavesDirectory(let layer, let entry, let target):
            return "refusing hard link '\(entry)' to '\(target)' of layer '\(layer)': its target leaves the extraction directory"
        case .hardLinkTargetMissing(let layer, let entry, let target):
            return "refusing hard link '\(entry)' to '\(target)' of layer '\(layer)': its target is not a file earlier in the layer"
        case .writesThroughSymlink(let layer, let entry, let symlink):
            return "refusing entry '\(entry)' of layer '\(layer)': it would be written through the symlink '\(symlink)'"
        case .pathTooLong(let layer, let entry):
            return "refusing entry '\(entry)' of layer '\(layer)': its path on disk would be longer than PATH_MAX"
        case .cannotWriteEntry(let layer, let entry, let message):
            return "cannot extract entry '\(entry)' of layer '\(layer)': \(message)"
        case .cannotWriteFile(let layer, let entry, let path, let message):
            return "cannot write '\(path)' (entry '\(entry)' of layer '\(layer)'): \(message)"
        case .sizeLimitExceeded(let layer, let entry, let limit):
            return "refusing entry '\(entry)' of layer '\(layer)': the image unpacks to more than \(Self.size(limit)), the limit for extracted files; if you trust the image, raise it with --max-extract-size"
        case .ratioLimitExceeded(let layer, let entry, let ratio, let compressedSize, let limit):
            return "refusing entry '\(entry)' of layer '\(layer)': the layer unpacks to more than \(Self.size(limit)), over \(ratio) times its compressed size of \(Self.size(compressedSize)) (a gzip bomb?); if you trust the image, raise the ratio with --max-extract-ratio"
        case .cannotCreateDirectory(let path, let code):
            return "cannot create directory '\(path)': \(Self.message(for: code))"
        case .cannotMoveIntoPlace(let path, let code):
            return "cannot move the unpacked layer into '\(path)': \(Self.message(for: code))"
        }
    }

    /// `8 GiB`, `1.5 MiB`, `900 bytes`: binary units, as the limits are set.
    static func size(_ bytes: Int64) -> String {
        let units = ["KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        guard bytes >= 1024 else { return "\(bytes) bytes" }
        var unit = -1
        var scale: Int64 = 1
        while unit + 1 < units.count, bytes / scale >= 1024 {
            unit += 1
            scale *= 1024
        }
        let whole = bytes / scale
        // In floating point, as the remainder times ten overflows Int64 at the exbibyte scale;
        // never 10, which rounding up to the next unit would need.
        let tenths = min(9, Int64((Double(bytes % scale) / Double(scale) * 10).rounded(.down)))
        return tenths == 0 ? "\(whole) \(units[unit])" : "\(whole).\(tenths) \(units[unit])"
    }

    private static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
