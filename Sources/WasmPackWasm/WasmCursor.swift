/// Reads the format's primitives (bytes, LEB128 integers, names) from a byte source through a small
/// buffer, never past `end`: the end of the section or nested binary being read, so an entry that
/// claims more bytes than its section holds is an error rather than a read into the next section.
/// Every length is checked before anything is allocated for it.
// https://webassembly.github.io/spec/core/binary/values.html
final class WasmCursor {
    private var source: any WasmByteSource
    private var buffer: [UInt8]
    /// Input offset of `buffer[0]`.
    private var bufferStart = 0
    /// Valid bytes in `buffer`.
    private var bufferCount = 0
    private var sourceEnded = false
    /// Input offset of the next byte to read.
    private(set) var position = 0
    /// Input offset the current section or nested binary ends at; `Int.max` for the whole input.
    var end = Int.max
    let limits: WasmReaderLimits
    /// What the result holds so far, against `limits.retainedBytes`.
    private var retained = 0

    static let bufferSize = 1 << 16

    init(source: any WasmByteSource, limits: WasmReaderLimits) {
        self.source = source
        self.limits = limits
        self.buffer = [UInt8](repeating: 0, count: Self.bufferSize)
    }

    // MARK: - Regions

    /// Starts reading a region of `size` bytes that must fit in the current one; returns the
    /// current end for `leave(restoring:)`.
    func enter(size: Int, what: @autoclosure () -> String) throws(WasmReadError) -> Int {
        let available = end == Int.max ? Int.max : end - position
        guard size <= available else {
            throw .sectionTooLong(offset: position, section: what(), size: size, available: available)
        }
        let previous = end
        end = position + size
        return previous
    }

    /// Checks that the region was read to its end, then makes `previous` the end again.
    func leave(restoring previous: Int, what: @autoclosure () -> String) throws(WasmReadError) {
        if position != end { throw .sectionHasTrailingBytes(offset: position, section: what(), left: end - position) }
        end = previous
    }

    /// Moves to the end of the current region without reading it, then makes `previous` the end.
    func skipRegion(restoring previous: Int, what: @autoclosure () -> String) throws(WasmReadError) {
        try skip(to: end, what: what())
        end = previous
    }

    /// True while the current region has bytes left; at the top level, while the input has.
    func hasMore() throws(WasmReadError) -> Bool {
        if end != Int.max { return position < end }
        return try fill(1) > 0
    }

    // MARK: - Bytes

    /// Makes up to `count` bytes from `position` available in the buffer; returns how many are.
    private func fill(_ count: Int) throws(WasmReadError) -> Int {
        var available = bufferStart + bufferCount - position
        if available >= count || sourceEnded { return available }
        let keep = position - bufferStart
        // Move the unread tail to the front (forward copy: the regions may overlap).
        if keep > 0 {
            for index in 0..<available { buffer[index] = buffer[keep + index] }
        }
        bufferStart = position
        bufferCount = available
        while available < count {
            // Array.withUnsafeMutableBytes is not typed-throws: carry the source's error out as a value.
            let result = buffer.withUnsafeMutableBytes { bytes -> Result<Int, WasmSourceError> in
                do throws(WasmSourceError) {
                    return .success(try source.read(into: UnsafeMutableRawBufferPointer(rebasing: bytes[bufferCount...])))
                } catch {
                    return .failure(error)
                }
            }
            let got: Int
            switch result {
            case .success(let count): got = count
            case .failure(let error): throw .unreadable(offset: position + available, reason: error.reason)
            }
            if got <= 0 {
                sourceEnded = true
                break
            }
            bufferCount += got
            available += got
        }
        return available
    }

    func byte(_ what: @autoclosure () -> String) throws(WasmReadError) -> UInt8 {
        guard position < end else { throw .entryPastSectionEnd(offset: position, what: what()) }
        if position - bufferStart >= bufferCount || position < bufferStart {
            guard try fill(1) > 0 else { throw .truncated(offset: position, what: what()) }
        }
        let value = buffer[position - bufferStart]
        position += 1
        return value
    }

    /// The next byte without consuming it.
    func peek(_ what: @autoclosure () -> String) throws(WasmReadError) -> UInt8 {
        let value = try byte(what())
        position -= 1
        return value
    }

    /// `count` bytes, copied out. Callers bound `count` (names by `limits.nameBytes`).
    func bytes(_ count: Int, what: @autoclosure () -> String) throws(WasmReadError) -> [UInt8] {
        guard count <= end - position else { throw .entryPastSectionEnd(offset: position, what: what()) }
        var result: [UInt8] = []
        result.reserveCapacity(count)
        while result.count < count {
            let available = try fill(Swift.min(count - result.count, Self.bufferSize))
            guard available > 0 else { throw .truncated(offset: position, what: what()) }
            let take = Swift.min(available, count - result.count)
            let from = position - bufferStart
            result.append(contentsOf: buffer[from..<from + take])
            position += take
        }
        return result
    }

    /// Moves to `target` (at or after `position`, within the region) without keeping the bytes.
    func skip(to target: Int, what: @autoclosure () -> String) throws(WasmReadError) {
        guard target >= position else { return }
        guard target <= end else { throw .entryPastSectionEnd(offset: position, what: what()) }
        let buffered = bufferStart + bufferCount
        if target <= buffered {
            position = target
            return
        }
        guard !sourceEnded else {
            position = buffered
            throw .truncated(offset: buffered, what: what())
        }
        let wanted = target - buffered
        let skipped: Int
        do {
            skipped = try source.skip(wanted)
        } catch {
            throw .unreadable(offset: buffered, reason: error.reason)
        }
        bufferStart = buffered + Swift.max(0, Swift.min(skipped, wanted))
        bufferCount = 0
        position = bufferStart
        if skipped < wanted {
            sourceEnded = true
            throw .truncated(offset: position, what: what())
        }
    }

    // MARK: - Integers

    /// An unsigned LEB128 integer of at most `bits` bits.
    private func unsigned(bits: Int, what: @autoclosure () -> String) throws(WasmReadError) -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift = 0
        while true {
            let byte = try byte(what())
            let payload = UInt64(byte & 0x7f)
            // The last byte a `bits`-bit value may use: its unused high bits must be zero.
            if shift + 7 >= bits {
                let usable = bits - shift
                if byte & 0x80 != 0 || (usable < 7 && payload >> UInt64(usable) != 0) {
                    throw .integerTooLarge(offset: start, what: what())
                }
            }
            result |= payload << UInt64(shift)
            if byte & 0x80 == 0 { return result }
            shift += 7
        }
    }

    func u32(_ what: @autoclosure () -> String) throws(WasmReadError) -> UInt32 {
        UInt32(truncatingIfNeeded: try unsigned(bits: 32, what: what()))
    }

    func u64(_ what: @autoclosure () -> String) throws(WasmReadError) -> UInt64 {
        try unsigned(bits: 64, what: what())
    }

    /// A signed 33-bit LEB128 integer, the encoding of type indices where a negative value would
    /// be a type opcode. Returns it as Int64.
    func s33(_ what: @autoclosure () -> String) throws(WasmReadError) -> Int64 {
        let start = position
        var result: Int64 = 0
        var shift = 0
        while true {
            let byte = try byte(what())
            if shift == 28 {
                // Fifth byte: 5 value bits; the rest must repeat the sign bit and end the number.
                let sign = byte & 0x10
                let high = byte & 0x70
                if byte & 0x80 != 0 || (sign == 0 ? high != 0 : high != 0x70) {
                    throw .integerTooLarge(offset: start, what: what())
                }
            }
            result |= Int64(byte & 0x7f) << Int64(shift)
            shift += 7
            if byte & 0x80 == 0 {
                if shift < 64 && byte & 0x40 != 0 { result |= -1 << Int64(shift) }
                return result
            }
        }
    }

    /// A type index written as s33: it must not be negative.
    func typeIndex(_ what: @autoclosure () -> String) throws(WasmReadError) -> UInt32 {
        let start = position
        let value = try s33(what())
        guard value >= 0, value <= Int64(UInt32.max) else {
            let first = try byteAt(start)
            throw .unexpectedByte(offset: start, byte: first, what: what())
        }
        return UInt32(value)
    }

    /// The byte at an offset already read and still buffered (for error messages).
    private func byteAt(_ offset: Int) throws(WasmReadError) -> UInt8 {
        let index = offset - bufferStart
        return index >= 0 && index < bufferCount ? buffer[index] : 0
    }

    /// A vector's element count: at most `limits.sectionEntries`, and no more than the bytes left
    /// in the region (every element takes at least one byte), so a huge count fails at once.
    func count(_ what: @autoclosure () -> String) throws(WasmReadError) -> Int {
        let start = position
        let value = Int(try u32(what()))
        guard value <= limits.sectionEntries else {
            throw .limitExceeded(offset: start, what: "the number of " + what(), limit: limits.sectionEntries)
        }
        guard value <= end - position else { throw .entryPastSectionEnd(offset: start, what: what()) }
        return value
    }

    // MARK: - Names

    /// A UTF-8 name (`vec(byte)`), kept in the result: its size counts against the retained limit.
    func name(_ what: @autoclosure () -> String) throws(WasmReadError) -> String {
        let start = position
        let length = Int(try u32(what()))
        guard length <= limits.nameBytes else {
            throw .limitExceeded(offset: start, what: "the length of " + what(), limit: limits.nameBytes)
        }
        guard length <= end - position else { throw .entryPastSectionEnd(offset: start, what: what()) }
        try retain(length + WasmReaderLimits.entryCost)
        let bytes = try bytes(length, what: what())
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .invalidUTF8(offset: start, what: what())
        }
        return text
    }

    /// Moves past a name that is not kept.
    func skipName(_ what: @autoclosure () -> String) throws(WasmReadError) {
        let start = position
        let length = Int(try u32(what()))
        guard length <= end - position else { throw .entryPastSectionEnd(offset: start, what: what()) }
        try skip(to: position + length, what: what())
    }

    /// Counts `cost` bytes against `limits.retainedBytes`.
    func retain(_ cost: Int) throws(WasmReadError) {
        retained += cost
        if retained > limits.retainedBytes {
            throw .limitExceeded(offset: position, what: "the size of the listed names and entries", limit: limits.retainedBytes)
        }
    }
}
