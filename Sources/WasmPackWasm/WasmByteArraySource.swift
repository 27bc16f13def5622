/// Bytes already in memory as a source: for small binaries, tests and the fuzz target.
public struct WasmByteArraySource: WasmByteSource, Sendable {
    private let bytes: [UInt8]
    private var position = 0

    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    public mutating func read(into buffer: UnsafeMutableRawBufferPointer) throws(WasmSourceError) -> Int {
        let count = Swift.min(buffer.count, bytes.count - position)
        guard count > 0 else { return 0 }
        UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]).copyBytes(from: bytes[position..<position + count])
        position += count
        return count
    }

    public mutating func skip(_ count: Int) throws(WasmSourceError) -> Int {
        let skipped = Swift.min(Swift.max(count, 0), bytes.count - position)
        position += skipped
        return skipped
    }
}
