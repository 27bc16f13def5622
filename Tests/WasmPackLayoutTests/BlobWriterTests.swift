import Foundation
import Testing
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// The download sink gathers small pieces into big writes without changing a byte.
@Suite("Blob writer")
struct BlobWriterTests {
    static func bytes(_ count: Int, seed: UInt8) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) ^ seed }
    }

    /// Piece sizes as libcurl hands them over, odd sizes across the buffer's edge, and pieces
    /// bigger than the buffer that go straight through.
    @Test(arguments: [[16384], [1, 7, 16384, 3], [BlobWriter.bufferCapacity - 1, 2], [BlobWriter.bufferCapacity * 3 + 5], [100, BlobWriter.bufferCapacity * 2]])
    func piecesOfAnySizeGiveTheSameFileAndDigest(pieces: [Int]) throws {
        let path = try TestScratch.folder("blob-writer") + "/blob"
        let writer = try BlobWriter(path: path)
        var all: [UInt8] = []
        for _ in 0..<3 {
            for (index, count) in pieces.enumerated() {
                let piece = Self.bytes(count, seed: UInt8(index))
                all += piece
                try piece.withUnsafeBytes { try writer.write($0) }
            }
        }
        let (digest, size) = try writer.finish()
        #expect(size == Int64(all.count))
        #expect(digest == SHA256Hasher.digest(of: all))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(all))
    }

    @Test func aRestartForgetsWhatWasBuffered() throws {
        let path = try TestScratch.folder("blob-writer") + "/blob"
        let writer = try BlobWriter(path: path)
        try Self.bytes(1000, seed: 1).withUnsafeBytes { try writer.write($0) }
        try writer.restart()
        let second = Self.bytes(500, seed: 2)
        try second.withUnsafeBytes { try writer.write($0) }
        let (digest, size) = try writer.finish()
        #expect(size == 500 && digest == SHA256Hasher.digest(of: second))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(second))
    }
}
