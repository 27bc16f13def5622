import CZlib
import WasmPackOCI

/// The end of the layer pipeline: takes tar bytes, hashes them (diffID), deflates them into a
/// gzip stream, hashes that (digest) and writes it to the destination descriptor.
///
/// A class because zlib keeps a pointer back to its `z_stream` and checks it on every call, so the
/// stream must stay at one address; not thread-safe, one per layer.
final class GzipHashingSink {
    private static let outputCapacity = 256 * 1024

    private let descriptor: Int32
    private let destination: String
    private let stream: UnsafeMutablePointer<z_stream>
    /// zlib reads the header during the first `deflate` call, so it must outlive `deflateSetHeader`.
    private let header: UnsafeMutablePointer<gz_header>
    private let output: UnsafeMutableRawBufferPointer
    private var deflateReady = false

    private let tarHasher = SHA256Hasher()
    private let gzipHasher = SHA256Hasher()
    private var tarSize: Int64 = 0
    private var gzipSize: Int64 = 0

    /// The first error raised inside a libarchive write callback, which can only return -1;
    /// once set, every later callback fails too.
    var failure: ArchiveError?

    init(descriptor: Int32, destination: String, compressionLevel: Int32) throws(ArchiveError) {
        self.descriptor = descriptor
        self.destination = destination
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        header = .allocate(capacity: 1)
        // A zeroed header means MTIME 0, no FNAME, no comment; OS 255 ("unknown") because zlib
        // would otherwise write the build host's OS (3 on Linux, 19 on macOS) and change the digest.
        header.initialize(to: gz_header())
        header.pointee.os = 255
        output = .allocate(byteCount: Self.outputCapacity, alignment: 16)

        // windowBits 15 + 16 selects a gzip wrapper instead of zlib's own.
        let status = deflateInit2_(
            stream, compressionLevel, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY,
            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw compressionError(status) }
        deflateReady = true
        let headerStatus = deflateSetHeader(stream, header)
        guard headerStatus == Z_OK else { throw compressionError(headerStatus) }
        resetOutput()
    }

    deinit {
        if deflateReady { deflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
        header.deinitialize(count: 1)
        header.deallocate()
        output.deallocate()
    }

    /// Hashes and compresses the next tar bytes, writing compressed output whenever the buffer fills.
    func consume(_ bytes: UnsafeRawBufferPointer) throws(ArchiveError) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        tarHasher.update(bytes)
        tarSize += Int64(bytes.count)
        var offset = 0
        while offset < bytes.count {
            // avail_in is 32-bit.
            let chunk = min(bytes.count - offset, Int(UInt32.max))
            stream.pointee.next_in = UnsafeMutablePointer(mutating: (base + offset).assumingMemoryBound(to: Bytef.self))
            stream.pointee.avail_in = UInt32(chunk)
            while stream.pointee.avail_in > 0 {
                try flushIfFull()
                let status = deflate(stream, Z_NO_FLUSH)
                guard status == Z_OK else { throw compressionError(status) }
            }
            offset += chunk
        }
        stream.pointee.next_in = nil
    }

    /// Ends the gzip stream, writes what is left and returns the layer's digests and sizes.
    func finish() throws(ArchiveError) -> LayerResult {
        while true {
            try flushIfFull()
            let status = deflate(stream, Z_FINISH)
            if status == Z_STREAM_END { break }
            guard status == Z_OK else { throw compressionError(status) }
        }
        try flush()
        return LayerResult(
            digest: gzipHasher.finalize(), size: gzipSize,
            diffID: tarHasher.finalize(), uncompressedSize: tarSize)
    }

    private func flushIfFull() throws(ArchiveError) {
        if stream.pointee.avail_out == 0 { try flush() }
    }

    private func flush() throws(ArchiveError) {
        let pending = UnsafeRawBufferPointer(rebasing: output[..<(output.count - Int(stream.pointee.avail_out))])
        if !pending.isEmpty {
            gzipHasher.update(pending)
            gzipSize += Int64(pending.count)
            let code = FileIO.writeAll(descriptor, pending)
            guard code == 0 else { throw .cannotWriteOutput(destination, errno: code) }
        }
        resetOutput()
    }

    private func resetOutput() {
        stream.pointee.next_out = output.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(output.count)
    }

    private func compressionError(_ status: Int32) -> ArchiveError {
        let text = stream.pointee.msg.map { String(cString: $0) } ?? zError(status).map { String(cString: $0) }
        return .compressionFailed(destination, code: status, message: text ?? "unknown error")
    }
}
