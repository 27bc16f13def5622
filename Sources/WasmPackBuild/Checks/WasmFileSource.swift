import WasmPackPlatform
import WasmPackWasm

// The class's own `read` hides the C function inside it.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// A wasm file read through the reader in small chunks: skipped sections are seeked over, never
/// read, and no read goes past the size the file had when it was opened (a file that grows while
/// it is read is read as it was).
final class WasmFileSource: WasmByteSource {
    private let descriptor: Int32
    private let size: Int
    private var position = 0

    /// Opens `path`; throws the errno when it cannot be opened or is not a regular file.
    init(path: String) throws(WasmFileSourceOpenError) {
        // O_NONBLOCK: a FIFO named as a module must not block the build.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { throw .cannotOpen(errno: errno) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let code = errno
            close(descriptor)
            throw .cannotOpen(errno: code)
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            close(descriptor)
            throw .notARegularFile(kind: WasmModuleCheck.kind(of: info.st_mode))
        }
        self.descriptor = descriptor
        self.size = Int(info.st_size)
    }

    deinit { close(descriptor) }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(WasmSourceError) -> Int {
        let wanted = min(buffer.count, size - position)
        guard wanted > 0, let base = buffer.baseAddress else { return 0 }
        while true {
            let count = systemRead(descriptor, base, wanted)
            if count < 0 {
                if errno == EINTR { continue }
                throw WasmSourceError(reason: "read failed: \(String(cString: strerror(errno)))")
            }
            position += count
            return count
        }
    }

    func skip(_ count: Int) throws(WasmSourceError) -> Int {
        let skipped = min(max(count, 0), size - position)
        guard lseek(descriptor, off_t(position + skipped), SEEK_SET) >= 0 else {
            throw WasmSourceError(reason: "seek failed: \(String(cString: strerror(errno)))")
        }
        position += skipped
        return skipped
    }
}

enum WasmFileSourceOpenError: Error {
    case cannotOpen(errno: Int32)
    case notARegularFile(kind: String)
}
