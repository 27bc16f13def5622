/// Serialises a `JSONValue` in a given `JSONStyle`.
public struct JSONWriter: Sendable {
    public let style: JSONStyle

    public init(style: JSONStyle = .canonical) {
        self.style = style
    }

    public func bytes(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        write(value, into: &output)
        return output
    }

    private func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .integer(let number): output.append(contentsOf: String(number).utf8)
        case .double(let number):
            if number.rounded() == number, abs(number) < 1e15 {
                output.append(contentsOf: String(Int64(number)).utf8)
            } else {
                output.append(contentsOf: String(number).utf8)
            }
        case .string(let text): writeString(text, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members, let sortedOnOutput):
            let ordered = (style == .canonical || sortedOnOutput)
                ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                : members
            output.append(UInt8(ascii: "{"))
            for (position, member) in ordered.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output.append(contentsOf: #"\""#.utf8)
            case "\\": output.append(contentsOf: #"\\"#.utf8)
            case "\n": output.append(contentsOf: #"\n"#.utf8)
            case "\r": output.append(contentsOf: #"\r"#.utf8)
            case "\t": output.append(contentsOf: #"\t"#.utf8)
            case "\u{08}" where style == .serde: output.append(contentsOf: #"\b"#.utf8)
            case "\u{0C}" where style == .serde: output.append(contentsOf: #"\f"#.utf8)
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                // A `where` clause would bind only to the last pattern, hence the `if`.
                if style == .go {
                    appendUnicodeEscape(scalar.value, into: &output)
                } else {
                    output.append(contentsOf: String(scalar).utf8)
                }
            default:
                if scalar.value < 0x20 {
                    appendUnicodeEscape(scalar.value, into: &output)
                } else {
                    output.append(contentsOf: String(scalar).utf8)
                }
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    private func appendUnicodeEscape(_ value: UInt32, into output: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        output.append(contentsOf: #"\u"#.utf8)
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hex[Int((value >> UInt32(shift)) & 0xf)])
        }
    }
}
