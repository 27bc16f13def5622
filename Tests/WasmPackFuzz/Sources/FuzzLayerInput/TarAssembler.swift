import CFuzzZlib

/// Turns fuzz bytes into a well-formed tar+gzip layer, so that the fuzzer spends its time on the
/// extractor's own rules (paths, links, types, modes, merging) instead of on header checksums and
/// gzip CRCs that would reject nearly every mutation of a real layer. libarchive's parsing of raw
/// bytes is fuzzed through the other input form (a gzip blob passed through as it is).
public struct TarAssembler {
    private var input: ArraySlice<UInt8>
    private var tar: [UInt8] = []

    public init(_ input: ArraySlice<UInt8>) { self.input = input }

    /// Path pieces that make the interesting cases likely: parents, dots, nesting, the canary
    /// folder beside the extraction directory, names near NAME_MAX (two in a row pass it) and
    /// paths that reach PATH_MAX in a few pieces. Long rather than deep: every directory level
    /// costs a mkdir, and a few thousand of them per input slowed fuzzing tenfold.
    private static let pieces: [String] = [
        "a", "b", "/", ".", "..", "d/", "a/b", "\u{e9}", "../outside", ".wh.a",
        String(repeating: "n", count: 250), String(repeating: String(repeating: "p", count: 250) + "/", count: 4),
    ]

    private mutating func next() -> UInt8? { input.popFirst() }

    private mutating func path() -> [UInt8] {
        var path: [UInt8] = []
        let count = Int(next() ?? 1) % 8
        for _ in 0..<count {
            let choice = Int(next() ?? 0)
            if choice < Self.pieces.count * 16 {
                path += Array(Self.pieces[choice % Self.pieces.count].utf8)
            } else {
                path.append(next() ?? 0)
            }
        }
        return path
    }

    /// Entries until the input runs out (at most 24), then the end-of-archive blocks, gzipped.
    public mutating func layer() -> [UInt8] {
        var entries = 0
        while !input.isEmpty, entries < 24 {
            entries += 1
            let kind = next() ?? 0
            let typeflag: UInt8
            switch kind % 8 {
            case 0, 4: typeflag = UInt8(ascii: "0")
            case 1: typeflag = UInt8(ascii: "5")
            case 2: typeflag = UInt8(ascii: "2")
            case 3: typeflag = UInt8(ascii: "1")
            case 5: typeflag = UInt8(ascii: "6")
            case 6: typeflag = UInt8(ascii: "3")
            default: typeflag = next() ?? 0
            }
            let name = path()
            let link = (typeflag == UInt8(ascii: "1") || typeflag == UInt8(ascii: "2") || kind % 8 == 7) ? path() : []
            let mode = (Int(next() ?? 0x01) << 8 | Int(next() ?? 0xa4)) & 0o7777
            let hasData = typeflag == UInt8(ascii: "0") || kind % 8 == 7
            let size = hasData ? Int(next() ?? 0) % 48 : 0
            let fill = next() ?? 0x41
            if name.count > 100 || link.count > 100 {
                var records: [UInt8] = []
                if name.count > 100 { records += Self.paxRecord("path", name) }
                if link.count > 100 { records += Self.paxRecord("linkpath", link) }
                append(header(name: Array("PaxHeaders/x".utf8), link: [], typeflag: UInt8(ascii: "x"), mode: 0o644, size: records.count))
                appendData(records)
            }
            append(header(name: Array(name.prefix(100)), link: Array(link.prefix(100)), typeflag: typeflag, mode: mode, size: size))
            appendData([UInt8](repeating: fill, count: size))
        }
        tar += [UInt8](repeating: 0, count: 1024)
        return Self.gzip(tar)
    }

    private mutating func append(_ block: [UInt8]) { tar += block }

    private mutating func appendData(_ data: [UInt8]) {
        tar += data
        tar += [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
    }

    /// A pax record is `LEN key=value\n`, LEN counting its own digits.
    private static func paxRecord(_ key: String, _ value: [UInt8]) -> [UInt8] {
        let body = Array(" \(key)=".utf8) + value + [0x0a]
        var length = body.count + 1
        while String(length).utf8.count + body.count != length { length += 1 }
        return Array(String(length).utf8) + body
    }

    private func header(name: [UInt8], link: [UInt8], typeflag: UInt8, mode: Int, size: Int) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: 512)
        func put(_ bytes: [UInt8], at offset: Int) {
            for (index, byte) in bytes.enumerated() { block[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> [UInt8] {
            let digits = String(value, radix: 8)
            return Array((String(repeating: "0", count: max(0, width - 1 - digits.utf8.count)) + digits).utf8) + [0]
        }
        put(name, at: 0)
        put(octal(mode, width: 8), at: 100)
        put(octal(0, width: 8), at: 108)
        put(octal(0, width: 8), at: 116)
        put(octal(size, width: 12), at: 124)
        put(octal(0, width: 12), at: 136)
        put([UInt8](repeating: 0x20, count: 8), at: 148)
        block[156] = typeflag
        put(link, at: 157)
        put(Array("ustar\u{0}00".utf8), at: 257)
        let sum = block.reduce(0) { $0 + Int($1) }
        put(octal(sum, width: 7) + [0x20], at: 148)
        return block
    }

    private static func gzip(_ data: [UInt8]) -> [UInt8] {
        var stream = z_stream()
        // windowBits 31: a gzip wrapper, as registries' layers have.
        guard deflateInit2_(&stream, 1, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return data
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(data.count))) + 64)
        var input = data
        let produced = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = UInt32(destination.count)
                _ = deflate(&stream, Z_FINISH)
                return destination.count - Int(stream.avail_out)
            }
        }
        return Array(output.prefix(produced))
    }
}
