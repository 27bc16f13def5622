import WasmPackPlatform
import WasmPackOCI

/// What a layout holds at a blob's path, so a pull can skip what it already has.
public enum LayoutBlobState: Sendable, Equatable {
    /// Nothing there (or a directory, which no rename can replace): fetch it.
    case absent
    /// A regular file of the descriptor's size whose bytes hash to its digest.
    case intact
    /// A file of the wrong size or content (or a link, or unreadable): fetch it and replace it.
    case damaged
}

extension OCILayout {
    /// Checks the blob at `descriptor`'s path by hashing it in full: its name alone proves nothing
    /// (a truncated copy, a disk error, a hand edit). Throws only `.interrupted`.
    public func blobState(_ descriptor: Descriptor) throws(LayoutError) -> LayoutBlobState {
        let path = blobPath(for: descriptor.digest)
        var info = stat()
        guard lstat(path, &info) == 0 else { return .absent }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .absent
        case S_IFREG: break
        default: return .damaged
        }
        guard Int64(info.st_size) == descriptor.size else { return .damaged }
        do {
            let (digest, size) = try FileSystem.hash(path)
            return digest == descriptor.digest && size == descriptor.size ? .intact : .damaged
        } catch .interrupted(let path) {
            throw .interrupted(path: path)
        } catch {
            return .damaged
        }
    }
}
