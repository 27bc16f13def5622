import CZlib
import Dispatch

/// One fixed-size piece of the tar stream and its raw deflate output, compressed on a worker
/// thread so that several pieces of one layer compress at once (the pigz scheme).
///
/// Each piece is deflated on its own, primed with the last 32 KiB of the piece before it as the
/// dictionary, and ends on a byte boundary (`Z_SYNC_FLUSH`), so the outputs concatenate into one
/// deflate stream. The bytes depend only on the input, the level and `size`: never on how many
/// blocks are in flight, how many cores there are or which thread ran first.
///
/// `@unchecked Sendable` because a block crosses to a worker thread and back, which is safe by
/// ownership: the `GzipHashingSink` owns it except between `compress(isLast:on:)` and the return
/// of `waitUntilCompressed()`. In that window exactly one worker uses the z_stream, the output and
/// the status, and the sink only *reads* the input (to copy the next block's dictionary), which
/// the worker never writes. The semaphore orders both hand-offs.
final class DeflateBlock: @unchecked Sendable {
    /// Bytes of tar per block. Changing it changes every layer digest.
    static let size = 128 * 1024
    /// deflate's window: the most of the previous block a match can reach back into.
    static let dictionarySize = 32 * 1024

    /// A class for the same reason as the sink: zlib checks the z_stream stays at one address.
    private let stream: UnsafeMutablePointer<z_stream>
    /// The dictionary (`dictionarySize` bytes) followed by the block's input (`size` bytes).
    private let input: UnsafeMutableRawBufferPointer
    private let output: UnsafeMutableRawBufferPointer
    private let compressed = DispatchSemaphore(value: 0)

    /// Input bytes filled so far.
    private(set) var count = 0
    private var hasDictionary = false
    private var outputCount = 0
    private var status = Z_OK

    init(compressionLevel: Int32, destination: String) throws(ArchiveError) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // windowBits -15: raw deflate; the sink writes the gzip header and trailer itself.
        let status = deflateInit2_(
            stream, compressionLevel, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY,
            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            let error = Self.compressionError(status, stream: stream, destination: destination)
            stream.deinitialize(count: 1)
            stream.deallocate()
            throw error
        }
        input = .allocate(byteCount: Self.dictionarySize + Self.size, alignment: 16)
        // deflateBound holds for one Z_FINISH call; a sync flush adds an empty stored block
        // (at most 7 bits of padding and 4 bytes), so the margin lets one deflate call always do.
        let capacity = Int(deflateBound(stream, UInt(Self.size))) + 16
        output = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        deflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
        output.deallocate()
    }

    var isFull: Bool { count == Self.size }

    /// Empties the block for the next piece of the stream, taking the last `dictionarySize` bytes
    /// of `previous` (a full block, possibly this one or one still being compressed) as dictionary.
    func start(after previous: DeflateBlock?) {
        count = 0
        hasDictionary = previous != nil
        guard let previous else { return }
        // The source is the end of the input, the destination the dictionary area: never overlapping.
        let tail = previous.input.baseAddress! + Self.dictionarySize + Self.size - Self.dictionarySize
        input.baseAddress!.copyMemory(from: tail, byteCount: Self.dictionarySize)
    }

    /// Copies as many of `bytes` as fit and returns how many that was.
    func append(_ bytes: UnsafeRawBufferPointer) -> Int {
        let taken = min(bytes.count, Self.size - count)
        guard taken > 0 else { return 0 }
        (input.baseAddress! + Self.dictionarySize + count).copyMemory(from: bytes.baseAddress!, byteCount: taken)
        count += taken
        return taken
    }

    /// Hands the block to a worker on `queue`; the last block of a stream ends it (`Z_FINISH`).
    func compress(isLast: Bool, on queue: DispatchQueue) {
        queue.async { [self] in
            deflateInput(flush: isLast ? Z_FINISH : Z_SYNC_FLUSH)
            compressed.signal()
        }
    }

    /// Blocks until the worker is done; call exactly once per `compress(isLast:on:)`.
    func waitUntilCompressed() {
        compressed.wait()
    }

    /// The compressed bytes, or the zlib error; valid after `waitUntilCompressed()`.
    func compressedBytes(destination: String) throws(ArchiveError) -> UnsafeRawBufferPointer {
        guard status == Z_OK else { throw Self.compressionError(status, stream: stream, destination: destination) }
        return UnsafeRawBufferPointer(rebasing: output[..<outputCount])
    }

    private func deflateInput(flush: Int32) {
        status = deflateReset(stream)
        if status == Z_OK, hasDictionary {
            status = deflateSetDictionary(
                stream, input.baseAddress!.assumingMemoryBound(to: Bytef.self), UInt32(Self.dictionarySize))
        }
        guard status == Z_OK else { return }
        stream.pointee.next_in = (input.baseAddress! + Self.dictionarySize).assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_in = UInt32(count)
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(output.count)
        let result = deflate(stream, flush)
        let finished = flush == Z_FINISH
            ? result == Z_STREAM_END
            // With room left over, a sync flush has consumed all input and emitted all output.
            : result == Z_OK && stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0
        outputCount = output.count - Int(stream.pointee.avail_out)
        status = finished ? Z_OK : (result == Z_OK || result == Z_STREAM_END ? Z_BUF_ERROR : result)
        stream.pointee.next_in = nil
    }

    static func compressionError(_ status: Int32, stream: UnsafeMutablePointer<z_stream>?, destination: String) -> ArchiveError {
        let text = stream?.pointee.msg.map { String(cString: $0) } ?? zError(status).map { String(cString: $0) }
        return .compressionFailed(destination, code: status, message: text ?? "unknown error")
    }
}
