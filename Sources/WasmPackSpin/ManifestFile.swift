import WasmPackPlatform

/// Finds and reads spin.toml without trusting what the path names: a FIFO must not block the build
/// (issue 7 item 6), a device must not be read forever, and a huge file must not fill memory.
enum ManifestFile {
    /// Far above any real manifest (Spin's own are a few KiB), low enough to read into memory.
    static let maximumSize = 16 << 20

    /// The manifest's absolute, standardised path: `path` itself, or `path/spin.toml` for a directory.
    static func locate(_ path: String) throws(SpinManifestError) -> String {
        let standardised = AppDirectory.standardise(path)
        var info = stat()
        guard stat(standardised, &info) == 0 else { throw .manifestNotFound(path: standardised) }
        guard info.st_mode & S_IFMT == S_IFDIR else { return standardised }
        let manifest = AppDirectory.join(standardised, "spin.toml")
        guard stat(manifest, &info) == 0, info.st_mode & S_IFMT != S_IFDIR else { throw .manifestNotFound(path: manifest) }
        return manifest
    }

    /// The whole file. Opened non-blocking so a FIFO cannot hang the open, then refused unless it is a
    /// regular file; reading stops one byte past the limit even if the file grows meanwhile.
    static func bytes(at path: String) throws(SpinManifestError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw .unreadable(path: path, reason: "it is not a regular file (a FIFO, socket or device)")
        }
        guard info.st_size <= maximumSize else { throw .manifestTooLarge(path: path, limit: maximumSize) }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
            guard bytes.count <= maximumSize else { throw .manifestTooLarge(path: path, limit: maximumSize) }
        }
    }
}
