import Foundation
import Testing
@testable import WasmPackArchive
import WasmPackOCI

/// The parallel deflate seen from outside: real gzip and pigz must read back exactly the bytes
/// that went in, and the output must not depend on how many blocks compress at once.
@Suite("GzipHashingSink")
struct GzipHashingSinkTests {
    static let block = DeflateBlock.size

    /// Streams around the block boundaries, and larger ones that compress badly and well.
    static let streams: [(name: String, size: Int, repetitive: Bool)] = [
        ("empty", 0, false),
        ("one byte", 1, false),
        ("one byte short of a block", block - 1, false),
        ("exactly one block", block, false),
        ("one byte into the second block", block + 1, false),
        ("exactly two blocks", 2 * block, true),
        ("5 MiB pseudo-random", 5 * 1024 * 1024 + 4321, false),
        ("5 MiB repetitive", 5 * 1024 * 1024 + 4321, true),
    ]

    @Test(
        .enabled(if: ExternalTool.isAvailable(ExternalTool.gzip) && ExternalTool.isAvailable(ExternalTool.pigz)),
        arguments: streams)
    func gzipAndPigzReadBackExactlyTheBytesThatWentIn(stream: (name: String, size: Int, repetitive: Bool)) throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let input = Self.bytes(count: stream.size, repetitive: stream.repetitive)
        let (gzipBytes, result) = try Self.compress(input, in: directory, name: "out.gz")
        let file = directory.path + "/out.gz"

        try ExternalTool.run(ExternalTool.gzip, ["-t", file])
        #expect(try ExternalTool.run(ExternalTool.gzip, ["-dc", file]) == input, "\(stream.name)")
        #expect(try ExternalTool.run(ExternalTool.pigz, ["-dc", file]) == input, "\(stream.name)")
        #expect(result.diffID == SHA256Hasher.digest(of: input))
        #expect(result.uncompressedSize == Int64(input.count))
        #expect(result.digest == SHA256Hasher.digest(of: gzipBytes))
        #expect(result.size == Int64(gzipBytes.count))
        if stream.size % Self.block == 0 {
            // A stream ending on a block boundary ends with an empty final fixed block.
            #expect(Array(gzipBytes[(gzipBytes.count - 10)..<(gzipBytes.count - 8)]) == [0x03, 0x00])
        }
    }

    @Test(arguments: [(5 * 1024 * 1024 + 4321, false), (3 * block, true), (block, false)])
    func theBytesDoNotDependOnConcurrencyOrHowTheInputArrives(size: Int, repetitive: Bool) throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let input = Self.bytes(count: size, repetitive: repetitive)
        let (reference, referenceResult) = try Self.compress(input, in: directory, name: "reference.gz", concurrentBlocks: 1)
        for (concurrentBlocks, chunk) in [(1, 1_000_003), (2, 10240), (4, 10240), (4, 1 << 20), (7, 65537), (GzipHashingSink.defaultConcurrentBlocks, 10240)] {
            let (bytes, result) = try Self.compress(
                input, in: directory, name: "\(concurrentBlocks)-\(chunk).gz", concurrentBlocks: concurrentBlocks, chunk: chunk)
            #expect(bytes == reference, "\(concurrentBlocks) blocks, \(chunk)-byte writes")
            #expect(result == referenceResult)
        }
    }

    @Test(arguments: [(Int32(1), UInt8(4)), (6, 0), (9, 2), (0, 4)])
    func headerIsZlibsForALevelWithNoTimeNameOrOS(level: Int32, extraFlags: UInt8) throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let input = Self.bytes(count: Self.block + 99, repetitive: true)
        let (bytes, _) = try Self.compress(input, in: directory, name: "out.gz", level: level)
        #expect(Array(bytes.prefix(10)) == [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, extraFlags, 0xff])
        if ExternalTool.isAvailable(ExternalTool.gzip) {
            #expect(try ExternalTool.run(ExternalTool.gzip, ["-dc", directory.path + "/out.gz"]) == input)
        }
    }

    static func bytes(count: Int, repetitive: Bool) -> [UInt8] {
        repetitive ? TestBytes.repetitive(count: count) : TestBytes.pseudoRandom(count: count, seed: UInt64(count))
    }

    /// Runs `input` through a sink in `chunk`-byte writes into `name` and returns the file's bytes.
    static func compress(
        _ input: [UInt8], in directory: TestDirectory, name: String, level: Int32 = 6,
        concurrentBlocks: Int = GzipHashingSink.defaultConcurrentBlocks, chunk: Int = 10240
    ) throws -> ([UInt8], LayerResult) {
        let path = directory.path + "/" + name
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(descriptor >= 0, "cannot create \(path)")
        defer { close(descriptor) }
        let sink = try GzipHashingSink(
            descriptor: descriptor, destination: path, compressionLevel: level, concurrentBlocks: concurrentBlocks)
        try input.withUnsafeBytes { buffer in
            for start in stride(from: 0, to: buffer.count, by: chunk) {
                try sink.consume(UnsafeRawBufferPointer(rebasing: buffer[start..<min(start + chunk, buffer.count)]))
            }
        }
        let result = try sink.finish()
        return (try directory.contents(of: name), result)
    }
}
