import WasmPackPlatform

/// POSIX calls retried on `EINTR`, so a signal during a long layer write is not a failure.
enum FileIO {
    /// Returns the descriptor, or -1 with `errno` set.
    static func openFile(_ path: String, flags: Int32, mode: mode_t = 0) -> Int32 {
        while true {
            let descriptor = path.withCString { open($0, flags, mode) }
            if descriptor >= 0 || errno != EINTR { return descriptor }
        }
    }

    /// Returns the byte count (0 at end of file), or -1 with `errno` set.
    static func readSome(_ descriptor: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 || errno != EINTR { return count }
        }
    }

    /// Writes every byte, continuing after short writes; returns 0, or the `errno` of the failure.
    static func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let count = write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if count < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += count
        }
        return 0
    }
}
