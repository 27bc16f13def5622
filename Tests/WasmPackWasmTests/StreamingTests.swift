import Testing
import WasmPackWasm

@Suite("Wasm reader: streaming sources")
struct StreamingTests {
    /// Hands out at most `chunk` bytes per read and counts what it was asked to read and skip.
    final class CountingSource: WasmByteSource {
        let bytes: [UInt8]
        let chunk: Int
        var position = 0
        var bytesRead = 0
        var bytesSkipped = 0
        var failAt: Int?

        init(_ bytes: [UInt8], chunk: Int = 1 << 16, failAt: Int? = nil) {
            self.bytes = bytes
            self.chunk = chunk
            self.failAt = failAt
        }

        func read(into buffer: UnsafeMutableRawBufferPointer) throws(WasmSourceError) -> Int {
            if let failAt, position >= failAt { throw WasmSourceError(reason: "read failed: Input/output error") }
            let count = min(buffer.count, chunk, bytes.count - position)
            guard count > 0 else { return 0 }
            UnsafeMutableRawBufferPointer(rebasing: buffer[0..<count]).copyBytes(from: bytes[position..<position + count])
            position += count
            bytesRead += count
            return count
        }

        func skip(_ count: Int) throws(WasmSourceError) -> Int {
            let skipped = min(count, bytes.count - position)
            position += skipped
            bytesSkipped += skipped
            return skipped
        }
    }

    @Test(arguments: Fixtures.binaries)
    func oneByteAtATimeGivesTheSameResultAsBytesInMemory(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        #expect(try WasmBinary(reading: CountingSource(bytes, chunk: 1)) == WasmBinary(parsing: bytes))
    }

    @Test func aLargeCodeSectionIsSkippedNotRead() throws {
        // A module whose 32 MiB custom section follows its imports: the reader must skip it.
        let module = try Fixtures.bytes("wagi-preview1.wasm")
        let payload = 32 << 20
        let header: [UInt8] = [0x00] + ComponentReaderTests.leb(payload + 5) + [4] + Array("blob".utf8)
        let source = CountingSource(module + header + [UInt8](repeating: 0xab, count: payload))
        guard case .module(let read) = try WasmBinary(reading: source) else { Issue.record("not a module"); return }
        #expect(read.customSections == ["blob"])
        #expect(source.bytesRead < 1 << 17)
        #expect(source.bytesSkipped > payload - (1 << 17))
    }

    @Test func aSourceThatFailsIsReportedWithTheOffsetReached() {
        let source = CountingSource([UInt8](repeating: 0, count: 10), chunk: 4, failAt: 4)
        #expect(throws: WasmReadError.unreadable(offset: 4, reason: "read failed: Input/output error")) {
            try WasmBinary(reading: source)
        }
    }

    @Test func aSkipThatRunsOutOfInputIsTruncation() {
        // A custom section claiming 1 MiB, of which 10 bytes exist after its name.
        let bytes = WasmBinaryKind.magic + [1, 0, 0, 0] + [0x00, 0x80, 0x80, 0x40, 1, 0x61] + [UInt8](repeating: 0, count: 10)
        #expect(throws: WasmReadError.truncated(offset: bytes.count, what: "a custom section")) {
            try WasmBinary(reading: CountingSource(bytes))
        }
    }
}
