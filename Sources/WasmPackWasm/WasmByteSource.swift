/// Where the reader gets its bytes from: a file, a blob being streamed, or bytes in memory.
///
/// The reader pulls bytes in small chunks and skips what it does not need (code and data sections,
/// most of a component's nested modules) with `skip`, so a source backed by a file keeps memory
/// flat whatever the binary's size. This module does no I/O itself: callers bring the source.
public protocol WasmByteSource {
    /// Copies up to `buffer.count` bytes into `buffer` and returns how many it copied; returns 0
    /// only at the end of the input.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(WasmSourceError) -> Int

    /// Moves past up to `count` bytes and returns how many it moved past: fewer than `count` only
    /// when the input ends first (a source that seeks must check its size, or the reader would
    /// take a truncated binary for a complete one).
    mutating func skip(_ count: Int) throws(WasmSourceError) -> Int
}

extension WasmByteSource {
    /// Skips by reading into a scratch buffer: right for any source, a seekable one can do better.
    public mutating func skip(_ count: Int) throws(WasmSourceError) -> Int {
        var skipped = 0
        var scratch = [UInt8](repeating: 0, count: Swift.min(count, 1 << 16))
        while skipped < count {
            let wanted = Swift.min(count - skipped, scratch.count)
            // Array.withUnsafeMutableBytes is not typed-throws: carry the error out as a value.
            let result = scratch.withUnsafeMutableBytes { buffer -> Result<Int, WasmSourceError> in
                do throws(WasmSourceError) {
                    return .success(try read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted])))
                } catch {
                    return .failure(error)
                }
            }
            let got = try result.get()
            if got == 0 { break }
            skipped += got
        }
        return skipped
    }
}
