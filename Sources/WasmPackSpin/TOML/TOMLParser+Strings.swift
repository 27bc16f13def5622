/// The four string kinds of TOML 1.0 ("Strings"): basic, multi-line basic, literal, multi-line literal.
extension TOMLParser {
    /// `"…"` (with escapes) or `'…'` (without), on one line. The position is at the opening quote.
    mutating func parseSingleLineString() throws(TOMLError) -> String {
        let start = position
        let quote = bytes[start]
        position += 1
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error(.unclosedString, at: start) }
            switch byte {
            case quote:
                position += 1
                return String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "\\") where quote == UInt8(ascii: "\""):
                try parseEscape(into: &text)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                throw error(.unclosedString, at: start)
            default:
                try appendStringCharacter(into: &text, place: "in a string")
            }
        }
    }

    /// `"""…"""` or `'''…'''`: a newline right after the opening quotes is dropped and up to two quotes
    /// may end the content; in the basic kind a backslash at the end of a line removes the line break
    /// and the whitespace after it.
    mutating func parseMultilineString() throws(TOMLError) -> String {
        let start = position
        let quote = bytes[start]
        position += 3
        _ = try consumeNewline()
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else { throw error(.unterminated(what: "the multi-line string"), at: start) }
            switch byte {
            case quote:
                if try closeMultiline(quote: byte, into: &text) { return String(decoding: text, as: UTF8.self) }
            case UInt8(ascii: "\\") where quote == UInt8(ascii: "\""):
                if lineEndingBackslash() {
                    position += 1
                    while true {
                        skipSpaces()
                        guard try consumeNewline() else { break }
                    }
                } else {
                    try parseEscape(into: &text)
                }
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try appendNewline(into: &text)
            default:
                try appendStringCharacter(into: &text, place: "in a string")
            }
        }
    }

    /// At a run of quotes in a multi-line string: fewer than three are content; three to five close
    /// the string, the extra ones (at most two) being content. Returns whether it closed.
    private mutating func closeMultiline(quote: UInt8, into text: inout [UInt8]) throws(TOMLError) -> Bool {
        var count = 0
        while peek(count) == quote, count < 5 { count += 1 }
        if count < 3 {
            text += repeatElement(quote, count: count)
            position += count
            return false
        }
        text += repeatElement(quote, count: count - 3)
        position += count
        return true
    }

    /// A backslash followed by optional spaces and a line break.
    private func lineEndingBackslash() -> Bool {
        var offset = 1
        while peek(offset) == UInt8(ascii: " ") || peek(offset) == UInt8(ascii: "\t") { offset += 1 }
        return peek(offset) == UInt8(ascii: "\n") || (peek(offset) == UInt8(ascii: "\r") && peek(offset + 1) == UInt8(ascii: "\n"))
    }

    /// A line break inside a multi-line string, read as `\n` whether written `\n` or `\r\n`:
    /// Spin's toml_edit normalises it so (a manifest saved on Windows means the same), and so does
    /// TOML 1.0's "normalize newline to whatever makes sense for their platform".
    private mutating func appendNewline(into text: inout [UInt8]) throws(TOMLError) {
        guard try consumeNewline() else { throw error(.bareCarriageReturn, at: position) }
        text.append(UInt8(ascii: "\n"))
    }

    /// One character of string content: tab and any scalar but the control characters; validated UTF-8.
    private mutating func appendStringCharacter(into text: inout [UInt8], place: String) throws(TOMLError) {
        guard let byte = peek() else { return }
        switch byte {
        case UInt8(ascii: "\t"), 0x20..<0x7F:
            text.append(byte)
            position += 1
        case 0x80...:
            guard let length = scalarLength(at: position) else { throw error(.invalidUTF8, at: position) }
            text += bytes[position..<position + length]
            position += length
        default:
            throw controlCharacter(place: place)
        }
    }

    /// `\b \t \n \f \r \" \\ \uXXXX \UXXXXXXXX`: TOML 1.0 has no others (plus 1.1's `\e`).
    private mutating func parseEscape(into text: inout [UInt8]) throws(TOMLError) {
        let start = position
        guard let letter = peek(1) else { throw error(.unclosedString, at: start) }
        position += 2
        switch letter {
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "t"): text.append(0x09)
        case UInt8(ascii: "n"): text.append(0x0A)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "r"): text.append(0x0D)
        // TOML 1.1's \e (escape): toml-test's valid suite includes it, and accepting it gives no
        // TOML 1.0 document another meaning (in 1.0 it is an error).
        case UInt8(ascii: "e"): text.append(0x1B)
        case UInt8(ascii: "\""): text.append(0x22)
        case UInt8(ascii: "\\"): text.append(0x5C)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = letter == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<digits {
                guard let byte = peek(), let digit = Self.hexValue(byte) else {
                    throw error(.invalidEscape(sequence: escapeExcerpt(from: start, to: position + 1)), at: start)
                }
                value = value << 4 | digit
                position += 1
            }
            guard let scalar = Unicode.Scalar(value) else {
                throw error(.invalidEscape(sequence: escapeExcerpt(from: start, to: position)), at: start)
            }
            text += Array(String(Character(scalar)).utf8)
        default:
            throw error(.invalidEscape(sequence: escapeExcerpt(from: start, to: start + 2)), at: start)
        }
    }

    private func escapeExcerpt(from start: Int, to end: Int) -> String {
        var stop = min(end, bytes.count)
        while stop < bytes.count, bytes[stop] & 0xC0 == 0x80 { stop += 1 }
        return Self.escapedForMessage(String(decoding: bytes[start..<stop], as: UTF8.self), quotes: false)
    }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
