import WasmPackPlatform

/// Tells whether a file is a regular file starting with the WebAssembly magic `\0asm` (modules
/// and components both do).
enum WasmModuleCheck {
    enum Outcome: Equatable {
        case wasm
        case notWasm
        /// A FIFO, socket, device or directory; `kind` says which.
        case notARegularFile(kind: String)
        case unreadable(errno: Int32)
    }

    static func check(_ path: String) -> Outcome {
        // O_NONBLOCK: open on a FIFO would otherwise wait for a writer forever. The type is then
        // read from the descriptor itself, so a file swapped in after any earlier check is seen.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        guard descriptor >= 0 else { return .unreadable(errno: errno) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return .unreadable(errno: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { return .notARegularFile(kind: kind(of: info.st_mode)) }
        var magic = [UInt8](repeating: 0, count: 4)
        let count = magic.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 4) }
        guard count >= 0 else { return .unreadable(errno: errno) }
        return count == 4 && magic == [0x00, 0x61, 0x73, 0x6d] ? .wasm : .notWasm
    }

    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: return "directory"
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "special file"
        }
    }
}
