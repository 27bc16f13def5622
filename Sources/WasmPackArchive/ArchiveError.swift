import WasmPackPlatform

/// Why a layer could not be written. Every case names the entry path or file it is about.
public enum ArchiveError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An entry path is not a clean relative path (`reason` says what is wrong with it).
    case invalidPath(String, reason: String)
    /// Two entries have the same path.
    case duplicatePath(String)
    /// A path is used for a file and also as the parent directory of another entry.
    case fileUsedAsDirectory(String)
    /// An input file could not be opened or inspected.
    case cannotOpenInput(String, errno: Int32)
    /// Reading an input file failed part-way.
    case cannotReadInput(String, errno: Int32)
    /// An input is a directory, device, FIFO or socket rather than a regular file.
    case notARegularFile(String)
    /// An input file's size changed between `fstat` and the end of reading it.
    case inputChanged(String, expectedSize: Int64, readSize: Int64)
    /// The destination could not be created.
    case cannotCreateOutput(String, errno: Int32)
    /// Writing or closing the destination failed.
    case cannotWriteOutput(String, errno: Int32)
    /// libarchive refused an entry or failed to build the tar stream; `message` is its own text.
    case tarFailed(String, message: String)
    /// zlib reported an error while compressing into the destination.
    case compressionFailed(String, code: Int32, message: String)

    public var description: String {
        switch self {
        case .invalidPath(let path, let reason):
            return "invalid layer path '\(path)': \(reason)"
        case .duplicatePath(let path):
            return "layer path '\(path)' is listed more than once"
        case .fileUsedAsDirectory(let path):
            return "layer path '\(path)' is a file but other entries use it as a directory"
        case .cannotOpenInput(let file, let code):
            return "cannot read '\(file)': \(Self.message(for: code))"
        case .cannotReadInput(let file, let code):
            return "cannot read '\(file)': \(Self.message(for: code))"
        case .notARegularFile(let file):
            return "cannot add '\(file)' to a layer: it is not a regular file"
        case .inputChanged(let file, let expected, let read):
            return "'\(file)' changed while it was being read (expected \(expected) bytes, read \(read)); retry when it is no longer being written"
        case .cannotCreateOutput(let file, let code):
            return "cannot create '\(file)': \(Self.message(for: code))"
        case .cannotWriteOutput(let file, let code):
            return "cannot write '\(file)': \(Self.message(for: code))"
        case .tarFailed(let file, let message):
            return "cannot write tar entry for '\(file)': \(message)"
        case .compressionFailed(let file, let code, let message):
            return "cannot compress '\(file)': zlib error \(code) (\(message))"
        }
    }

    private static func message(for code: Int32) -> String {
        guard let text = strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
