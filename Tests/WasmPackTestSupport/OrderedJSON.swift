import Foundation

/// A JSON document parsed with object members in document order, for tests that check the
/// order of keys (JSONSerialization and JSONDecoder forget it). Strict RFC 8259: one value,
/// whitespace around it, nothing else.
public indirect enum OrderedJSON: Equatable, Sendable {
    case null
    case bool(Bool)
    /// The number's text as written (`12`, `-1.5e3`), so tests can tell integers from others.
    case number(String)
    case string(String)
    case array([OrderedJSON])
    case object([Member])

    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: OrderedJSON
    }

    public struct ParseError: Error, CustomStringConvertible {
        public var offset: Int
        public var description: String { "invalid JSON at byte \(offset)" }
    }

    public init(parsing text: String) throws {
        var parser = Parser(bytes: Array(text.utf8))
        self = try parser.document()
    }

    /// The object's keys in order; empty for anything else.
    public var keys: [String] {
        if case .object(let members) = self { return members.map(\.key) }
        return []
    }

    public subscript(key: String) -> OrderedJSON? {
        if case .object(let members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    public var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    public var arrayValue: [OrderedJSON]? { if case .array(let elements) = self { elements } else { nil } }
    /// The value when it is a number written as a plain integer.
    public var integerValue: Int64? {
        if case .number(let text) = self, text.allSatisfy({ $0.isNumber || $0 == "-" }) { Int64(text) } else { nil }
    }

    private struct Parser {
        let bytes: [UInt8]
        var position = 0

        mutating func document() throws -> OrderedJSON {
            let value = try self.value()
            skipWhitespace()
            guard position == bytes.count else { throw ParseError(offset: position) }
            return value
        }

        mutating func value() throws -> OrderedJSON {
            skipWhitespace()
            guard position < bytes.count else { throw ParseError(offset: position) }
            switch bytes[position] {
            case UInt8(ascii: "{"): return try object()
            case UInt8(ascii: "["): return try array()
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try literal("true"); return .bool(true)
            case UInt8(ascii: "f"): try literal("false"); return .bool(false)
            case UInt8(ascii: "n"): try literal("null"); return .null
            default: return try number()
            }
        }

        mutating func object() throws -> OrderedJSON {
            position += 1
            var members: [Member] = []
            skipWhitespace()
            if peek(UInt8(ascii: "}")) { position += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard peek(UInt8(ascii: "\"")) else { throw ParseError(offset: position) }
                let key = try string()
                skipWhitespace()
                try expect(UInt8(ascii: ":"))
                members.append(Member(key: key, value: try value()))
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { position += 1; continue }
                try expect(UInt8(ascii: "}"))
                return .object(members)
            }
        }

        mutating func array() throws -> OrderedJSON {
            position += 1
            var elements: [OrderedJSON] = []
            skipWhitespace()
            if peek(UInt8(ascii: "]")) { position += 1; return .array(elements) }
            while true {
                elements.append(try value())
                skipWhitespace()
                if peek(UInt8(ascii: ",")) { position += 1; continue }
                try expect(UInt8(ascii: "]"))
                return .array(elements)
            }
        }

        /// Leaves escapes' decoding to JSONSerialization: the tests compare keys and plain values.
        mutating func string() throws -> String {
            let start = position
            position += 1
            while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                if bytes[position] < 0x20 { throw ParseError(offset: position) }
                position += bytes[position] == UInt8(ascii: "\\") ? 2 : 1
            }
            guard position < bytes.count else { throw ParseError(offset: start) }
            position += 1
            let literal = Data(bytes[start..<position])
            guard let decoded = try? JSONSerialization.jsonObject(with: literal, options: .fragmentsAllowed) as? String else {
                throw ParseError(offset: start)
            }
            return decoded
        }

        mutating func number() throws -> OrderedJSON {
            let start = position
            while position < bytes.count, "+-0123456789.eE".utf8.contains(bytes[position]) { position += 1 }
            let text = String(decoding: bytes[start..<position], as: UTF8.self)
            guard !text.isEmpty, Double(text) != nil, !text.hasPrefix("+"), !text.hasPrefix("."),
                  !(text.hasPrefix("0") && text.count > 1 && text.dropFirst().first?.isNumber == true) else {
                throw ParseError(offset: start)
            }
            return .number(text)
        }

        mutating func literal(_ word: String) throws {
            let expected = Array(word.utf8)
            guard bytes.count - position >= expected.count, Array(bytes[position..<position + expected.count]) == expected else {
                throw ParseError(offset: position)
            }
            position += expected.count
        }

        mutating func expect(_ byte: UInt8) throws {
            guard peek(byte) else { throw ParseError(offset: position) }
            position += 1
        }

        func peek(_ byte: UInt8) -> Bool { position < bytes.count && bytes[position] == byte }

        mutating func skipWhitespace() {
            while position < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[position]) { position += 1 }
        }
    }
}
