import CZlib
import Dispatch
#if canImport(FoundationEssentials)
import class FoundationEssentials.ProcessInfo
#else
import class Foundation.ProcessInfo
#endif
import WasmPackOCI

/// The end of the layer pipeline: takes tar bytes, hashes them (diffID), deflates them into a
/// gzip stream, hashes that (digest) and writes it to the destination descriptor.
///
/// The deflating runs on worker threads, pigz style: the tar stream is cut into `DeflateBlock`s at
/// fixed offsets and up to `concurrentBlocks - 1` of them compress while this sink fills the next.
/// Outputs are hashed and written strictly in stream order, so the bytes are the same whatever the
/// core count or scheduling. Memory is `concurrentBlocks` blocks (about 0.5 MB each with zlib's
/// state), never the whole layer.
///
/// Not thread-safe, one per layer: only the calling thread touches the sink; workers touch only
/// the blocks handed to them (see `DeflateBlock`).
// https://www.rfc-editor.org/rfc/rfc1952 (gzip member), https://zlib.net/pigz/ (the block scheme)
final class GzipHashingSink {
    /// Enough blocks in flight to keep every core busy while this thread fills the next one.
    static let defaultConcurrentBlocks = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)

    private let descriptor: Int32
    private let destination: String
    private let compressionLevel: Int32
    /// A ring: block number `n` of the stream lives in `blocks[n % blocks.count]`.
    private let blocks: [DeflateBlock]
    /// A global queue rather than `concurrentPerform`, so compression overlaps with this thread
    /// reading files and hashing (measured: batches compressed while the caller waits are ~12 %
    /// slower). Its threads never wait on anything, so every handed-off block gets compressed.
    private let workers = DispatchQueue.global(qos: .userInitiated)
    /// Blocks handed to workers; the block being filled is number `handedOff`.
    private var handedOff = 0
    /// Blocks whose output has been hashed and written; those in between are with workers.
    private var written = 0

    private let tarHasher = SHA256Hasher()
    private let gzipHasher = SHA256Hasher()
    private var tarCRC = crc32(0, nil, 0)
    private var tarSize: Int64 = 0
    private var gzipSize: Int64 = 0

    /// The first error raised inside a libarchive write callback, which can only return -1;
    /// once set, every later callback fails too.
    var failure: ArchiveError?

    /// `concurrentBlocks` changes speed and memory only, never the output (1 compresses serially).
    init(
        descriptor: Int32, destination: String, compressionLevel: Int32,
        concurrentBlocks: Int = GzipHashingSink.defaultConcurrentBlocks
    ) throws(ArchiveError) {
        self.descriptor = descriptor
        self.destination = destination
        self.compressionLevel = compressionLevel
        var blocks: [DeflateBlock] = []
        for _ in 0..<max(1, concurrentBlocks) {
            blocks.append(try DeflateBlock(compressionLevel: compressionLevel, destination: destination))
        }
        self.blocks = blocks
        blocks[0].start(after: nil)
        try emit(header)
    }

    deinit {
        // After a failure, let the workers finish before the blocks go (they hold their block
        // alive anyway), so no compression outlives the layer write that started it.
        while written < handedOff {
            blocks[written % blocks.count].waitUntilCompressed()
            written += 1
        }
    }

    /// Hashes the next tar bytes and queues them for compression, writing finished blocks in order.
    func consume(_ bytes: UnsafeRawBufferPointer) throws(ArchiveError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        tarHasher.update(bytes)
        tarSize += Int64(bytes.count)
        var offset = 0
        while offset < bytes.count {
            // crc32's length is 32-bit.
            let chunk = min(bytes.count - offset, Int(UInt32.max))
            tarCRC = crc32(tarCRC, (base + offset).assumingMemoryBound(to: Bytef.self), UInt32(chunk))
            offset += chunk
        }
        var rest = bytes
        while !rest.isEmpty {
            let block = blocks[handedOff % blocks.count]
            rest = UnsafeRawBufferPointer(rebasing: rest[block.append(rest)...])
            if block.isFull { try handOff(block, isLast: false) }
        }
    }

    /// Ends the gzip stream, writes what is left and returns the layer's digests and sizes.
    func finish() throws(ArchiveError) -> LayerResult {
        // The last block may be partial or empty (the stream ended on a block boundary); either
        // way it is deflated with Z_FINISH, which for no input is the empty final block 03 00.
        try handOff(blocks[handedOff % blocks.count], isLast: true)
        while written < handedOff { try writeOldest() }
        var trailer = [UInt8]()
        // CRC-32 and ISIZE (the size mod 2^32), both little-endian.
        for value in [UInt32(truncatingIfNeeded: tarCRC), UInt32(truncatingIfNeeded: tarSize)] {
            trailer += (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        }
        try emit(trailer)
        return LayerResult(
            digest: gzipHasher.finalize(), size: gzipSize,
            diffID: tarHasher.finalize(), uncompressedSize: tarSize)
    }

    /// The 10-byte member header as zlib writes it for a zeroed `gz_header`: MTIME 0, no FNAME,
    /// no comment, and OS 255 ("unknown") so the build host's OS cannot change the digest.
    private var header: [UInt8] {
        // XFL as zlib sets it: 2 for the slowest level, 4 for the fastest, else 0.
        let level = compressionLevel == Z_DEFAULT_COMPRESSION ? 6 : compressionLevel
        let extraFlags: UInt8 = level == 9 ? 2 : (level < 2 ? 4 : 0)
        return [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, extraFlags, 0xff]
    }

    private func handOff(_ block: DeflateBlock, isLast: Bool) throws(ArchiveError) {
        block.compress(isLast: isLast, on: workers)
        handedOff += 1
        guard !isLast else { return }
        // The next block's place in the ring may still hold the block `blocks.count` back.
        while handedOff - written >= blocks.count { try writeOldest() }
        blocks[handedOff % blocks.count].start(after: block)
    }

    private func writeOldest() throws(ArchiveError) {
        let block = blocks[written % blocks.count]
        block.waitUntilCompressed()
        written += 1
        try emit(block.compressedBytes(destination: destination))
    }

    private func emit(_ bytes: [UInt8]) throws(ArchiveError) {
        let code = bytes.withUnsafeBytes { hashAndWrite($0) }
        guard code == 0 else { throw .cannotWriteOutput(destination, errno: code) }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws(ArchiveError) {
        let code = hashAndWrite(bytes)
        guard code == 0 else { throw .cannotWriteOutput(destination, errno: code) }
    }

    /// Returns 0, or the `errno` of the failed write.
    private func hashAndWrite(_ bytes: UnsafeRawBufferPointer) -> Int32 {
        gzipHasher.update(bytes)
        gzipSize += Int64(bytes.count)
        return FileIO.writeAll(descriptor, bytes)
    }
}
