/// Booleans, integers, floats and the four date/time kinds: each is one run of token characters
/// (a date and a time may be joined by one space), checked against the TOML 1.0 grammar.
extension TOMLParser {
    static func isScalarByte(_ byte: UInt8) -> Bool {
        isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: ":")
    }

    mutating func parseScalar(key: String) throws(TOMLError) -> TOMLValue {
        let start = position
        var end = tokenEnd(from: start)
        // `1979-05-27 07:32:00`: RFC 3339 lets a space separate date and time.
        if end - start == 10, Self.isDate(bytes[start..<end]), end + 3 < bytes.count, bytes[end] == UInt8(ascii: " "),
           Self.isDigit(bytes[end + 1]), Self.isDigit(bytes[end + 2]), bytes[end + 3] == UInt8(ascii: ":") {
            end = tokenEnd(from: end + 1)
        }
        let token = bytes[start..<end]
        let text = String(decoding: token, as: UTF8.self)
        func invalid(_ problem: String) -> TOMLError {
            error(.invalidValue(key: key, problem: "'\(Self.escapedForMessage(text))' \(problem)"), at: start)
        }
        position = end

        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if token.contains(UInt8(ascii: ":")) || (token.count >= 10 && Self.isDate(token.prefix(10))) {
            return try dateOrTime(token, invalid: invalid)
        }
        guard let first = token.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") || first == UInt8(ascii: "i")
                || first == UInt8(ascii: "n") || Self.isDigit(first) else {
            let lower = text.lowercased()
            if lower == "true" || lower == "false" { throw invalid("is not a boolean; write true or false in lower case") }
            throw invalid("is not a TOML value; put strings in quotes (\"\(Self.escapedForMessage(text))\")")
        }
        return try number(token, invalid: invalid)
    }

    private func tokenEnd(from start: Int) -> Int {
        var end = start
        while end < bytes.count, Self.isScalarByte(bytes[end]) { end += 1 }
        return end
    }

    static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }

    /// `dddd-dd-dd`
    static func isDate(_ token: ArraySlice<UInt8>) -> Bool {
        guard token.count == 10 else { return false }
        for (index, byte) in token.enumerated() {
            if index == 4 || index == 7 {
                if byte != UInt8(ascii: "-") { return false }
            } else if !isDigit(byte) {
                return false
            }
        }
        return true
    }

    // MARK: Numbers

    private func number(_ token: ArraySlice<UInt8>, invalid: (String) -> TOMLError) throws(TOMLError) -> TOMLValue {
        var digits = token[...]
        var negative = false
        var signed = false
        if let first = digits.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            signed = true
            negative = first == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        if digits.elementsEqual("inf".utf8) { return .float(negative ? -.infinity : .infinity) }
        if digits.elementsEqual("nan".utf8) { return .float(negative ? -.nan : .nan) }

        if digits.count >= 2, digits.first == UInt8(ascii: "0"),
           let radix = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "b"): 2][digits[digits.startIndex + 1]] {
            if signed { throw invalid("cannot have a sign: only decimal integers can") }
            return .integer(try radixInteger(digits.dropFirst(2), radix: radix, invalid: invalid))
        }

        // Decimal: integer part, optional fraction, optional exponent.
        var index = digits.startIndex
        func run(_ allowed: (UInt8) -> Bool) -> ArraySlice<UInt8> {
            let start = index
            while index < digits.endIndex, allowed(digits[index]) { index += 1 }
            return digits[start..<index]
        }
        let isDigitOrUnderscore: (UInt8) -> Bool = { Self.isDigit($0) || $0 == UInt8(ascii: "_") }
        let integerPart = run(isDigitOrUnderscore)
        try checkDigits(integerPart, part: "", invalid: invalid)
        if integerPart.count > 1, integerPart.first == UInt8(ascii: "0") {
            throw invalid("has a leading zero; write the number without it")
        }
        var isFloat = false
        if index < digits.endIndex, digits[index] == UInt8(ascii: ".") {
            index += 1
            isFloat = true
            try checkDigits(run(isDigitOrUnderscore), part: " after the decimal point", invalid: invalid)
        }
        if index < digits.endIndex, digits[index] == UInt8(ascii: "e") || digits[index] == UInt8(ascii: "E") {
            index += 1
            isFloat = true
            if index < digits.endIndex, digits[index] == UInt8(ascii: "+") || digits[index] == UInt8(ascii: "-") { index += 1 }
            try checkDigits(run(isDigitOrUnderscore), part: " in the exponent", invalid: invalid)
        }
        guard index == digits.endIndex else { throw invalid("is not a number") }

        let cleaned = token.filter { $0 != UInt8(ascii: "_") }
        if isFloat {
            guard let value = Double(String(decoding: cleaned, as: UTF8.self)), value.isFinite else {
                throw invalid("is out of range for a 64-bit float")
            }
            return .float(value)
        }
        var value: Int64 = 0
        for byte in cleaned where Self.isDigit(byte) {
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (shifted, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? shifted.subtractingReportingOverflow(digit) : shifted.addingReportingOverflow(digit)
            if overflow || overflow2 { throw invalid("is out of range for a 64-bit integer") }
            value = next
        }
        return .integer(value)
    }

    /// Digits with single underscores between them: `1_000`, not `_1`, `1_`, `1__0` or nothing.
    private func checkDigits(_ part: ArraySlice<UInt8>, part name: String, invalid: (String) -> TOMLError) throws(TOMLError) {
        guard let first = part.first, let last = part.last else { throw invalid("is missing digits\(name)") }
        if first == UInt8(ascii: "_") || last == UInt8(ascii: "_") || part.indices.dropFirst().contains(where: {
            part[$0] == UInt8(ascii: "_") && part[$0 - 1] == UInt8(ascii: "_")
        }) {
            throw invalid("has an '_' that is not between two digits")
        }
    }

    private func radixInteger(_ digits: ArraySlice<UInt8>, radix: Int, invalid: (String) -> TOMLError) throws(TOMLError) -> Int64 {
        let name = radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary"
        guard !digits.isEmpty else { throw invalid("has no \(name) digits") }
        var value: Int64 = 0
        var previousWasDigit = false
        for byte in digits {
            if byte == UInt8(ascii: "_") {
                guard previousWasDigit else { throw invalid("has an '_' that is not between two digits") }
                previousWasDigit = false
                continue
            }
            // Hexadecimal digits may be either case; the prefix must be lower case (checked by the caller's table).
            guard let digit = Self.hexValue(byte), Int(digit) < radix else { throw invalid("is not a valid \(name) integer") }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: Int64(radix))
            let (next, overflow2) = shifted.addingReportingOverflow(Int64(digit))
            if overflow || overflow2 { throw invalid("is out of range for a 64-bit integer") }
            value = next
            previousWasDigit = true
        }
        guard previousWasDigit else { throw invalid("has an '_' that is not between two digits") }
        return value
    }

    // MARK: Dates and times

    private func dateOrTime(_ token: ArraySlice<UInt8>, invalid: (String) -> TOMLError) throws(TOMLError) -> TOMLValue {
        let shape = "is not a valid date or time; TOML uses RFC 3339, such as 1979-05-27T07:32:00Z, 1979-05-27 or 07:32:00"
        var reader = DigitReader(bytes: token)
        if Self.isDate(token.prefix(10)) {
            guard let year = reader.number(4), reader.skip("-"), let month = reader.number(2), reader.skip("-"),
                  let day = reader.number(2) else { throw invalid(shape) }
            guard (1...12).contains(month) else { throw invalid("has month \(month); months are 01 to 12") }
            guard (1...TOMLDate.daysIn(month: month, year: year)).contains(day) else {
                throw invalid("has day \(day), which month \(month) of \(year) does not have")
            }
            let date = TOMLDate(year: year, month: month, day: day)
            if reader.atEnd { return .date(date) }
            guard reader.skip("T") || reader.skip("t") || reader.skip(" ") else { throw invalid(shape) }
            let time = try self.time(&reader, shape: shape, invalid: invalid)
            if reader.atEnd { return .dateTime(TOMLDateTime(date: date, time: time, offsetMinutes: nil)) }
            if (reader.skip("Z") || reader.skip("z")), reader.atEnd {
                return .dateTime(TOMLDateTime(date: date, time: time, offsetMinutes: 0))
            }
            let sign = reader.skip("+") ? 1 : reader.skip("-") ? -1 : 0
            guard sign != 0, let hours = reader.number(2), reader.skip(":"), let minutes = reader.number(2), reader.atEnd else {
                throw invalid(shape)
            }
            guard hours < 24, minutes < 60 else { throw invalid("has an offset out of range (-23:59 to +23:59)") }
            return .dateTime(TOMLDateTime(date: date, time: time, offsetMinutes: sign * (hours * 60 + minutes)))
        }
        let time = try self.time(&reader, shape: shape, invalid: invalid)
        guard reader.atEnd else { throw invalid(shape) }
        return .time(time)
    }

    /// `HH:MM:SS` with an optional fraction; TOML 1.0 requires the seconds.
    private func time(_ reader: inout DigitReader, shape: String, invalid: (String) -> TOMLError) throws(TOMLError) -> TOMLTime {
        guard let hour = reader.number(2), reader.skip(":"), let minute = reader.number(2), reader.skip(":"),
              let second = reader.number(2) else { throw invalid(shape) }
        guard hour < 24, minute < 60, second <= 60 else { throw invalid("has a time out of range (00:00:00 to 23:59:60)") }
        var nanosecond = 0
        if reader.skip(".") {
            var count = 0
            while let digit = reader.number(1) {
                if count < 9 { nanosecond = nanosecond * 10 + digit }
                count += 1
            }
            guard count > 0 else { throw invalid(shape) }
            for _ in min(count, 9)..<9 { nanosecond *= 10 }
        }
        return TOMLTime(hour: hour, minute: minute, second: second, nanosecond: nanosecond)
    }
}

/// Reads fixed-width decimal fields and separators from a date or time token.
private struct DigitReader {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var atEnd: Bool { index == bytes.endIndex }

    mutating func number(_ width: Int) -> Int? {
        guard bytes.endIndex - index >= width else { return nil }
        var value = 0
        for offset in 0..<width {
            let byte = bytes[index + offset]
            guard TOMLParser.isDigit(byte) else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        index += width
        return value
    }

    mutating func skip(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.endIndex, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }
}
