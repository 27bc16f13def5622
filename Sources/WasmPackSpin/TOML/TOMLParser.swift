/// The recursive-descent reader behind `TOMLReader`: document structure, keys, headers, arrays and
/// inline tables here; strings and scalars in the extensions.
// https://toml.io/en/v1.0.0 and its ABNF (toml.abnf) are the grammar followed throughout.
struct TOMLParser {
    let bytes: [UInt8]
    var position = 0
    /// Where the text starts after a skipped byte order mark; columns on line 1 count from here.
    let textStart: Int
    let root = TOMLTableNode(origin: .header, depth: 0)

    /// One segment of a dotted key and where it starts, for messages that point at it.
    struct KeyPart {
        let name: String
        let offset: Int
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        textStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        position = textStart
    }

    mutating func parseDocument() throws(TOMLError) -> TOMLTable {
        var current = root
        // Messages name keys from the document root: `component.api.source`, not `source`.
        var currentPath: [String] = []
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                position += 1
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "#"):
                try endOfLine(after: "")
            case UInt8(ascii: "["):
                (current, currentPath) = try parseHeader()
                try endOfLine(after: " after the table header")
            default:
                let name = try parseKeyValue(into: current, prefix: Self.display(currentPath))
                try endOfLine(after: " after the value of '\(name)'")
            }
        }
        return root.table()
    }

    // MARK: Lines, whitespace and comments

    func peek(_ offset: Int = 0) -> UInt8? {
        let index = position + offset
        return index < bytes.count ? bytes[index] : nil
    }

    mutating func skipSpaces() {
        while let byte = peek(), byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { position += 1 }
    }

    /// Spaces, an optional comment, then a newline (consumed) or the end of the file.
    mutating func endOfLine(after what: String) throws(TOMLError) {
        skipSpaces()
        if peek() == UInt8(ascii: "#") { try skipComment() }
        guard peek() != nil else { return }
        if try consumeNewline() { return }
        throw unexpected(expected: "a new line\(what)")
    }

    /// Consumes `\n` or `\r\n`; false when neither is here. A lone `\r` is an error in TOML.
    mutating func consumeNewline() throws(TOMLError) -> Bool {
        switch peek() {
        case UInt8(ascii: "\n"):
            position += 1
            return true
        case UInt8(ascii: "\r"):
            guard peek(1) == UInt8(ascii: "\n") else { throw error(.bareCarriageReturn, at: position) }
            position += 2
            return true
        default:
            return false
        }
    }

    /// From `#` to the end of the line. Comments may hold any UTF-8 text but no control character other than tab.
    mutating func skipComment() throws(TOMLError) {
        position += 1
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: "\n"):
                return
            case UInt8(ascii: "\r"):
                guard peek(1) == UInt8(ascii: "\n") else { throw error(.bareCarriageReturn, at: position) }
                return
            case UInt8(ascii: "\t"), 0x20..<0x7F:
                position += 1
            case 0x80...:
                guard let length = scalarLength(at: position) else { throw error(.invalidUTF8, at: position) }
                position += length
            default:
                throw controlCharacter(place: "in a comment")
            }
        }
    }

    /// Whitespace, newlines and comments between the elements of an array.
    mutating func skipSpacesNewlinesAndComments() throws(TOMLError) {
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: "#") { try skipComment() }
            guard try consumeNewline() else { return }
        }
    }

    // MARK: Keys

    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    /// A dotted key: bare, "basic" or 'literal' segments joined by dots, with spaces around dots allowed.
    mutating func parseKey() throws(TOMLError) -> [KeyPart] {
        var parts: [KeyPart] = []
        while true {
            skipSpaces()
            let start = position
            switch peek() {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                if peek(1) == peek(), peek(2) == peek() {
                    throw error(.invalidKey(problem: "a key cannot be a multi-line string"), at: start)
                }
                let name = try parseSingleLineString()
                parts.append(KeyPart(name: name, offset: start))
            case let byte? where Self.isBareKeyByte(byte):
                while let next = peek(), Self.isBareKeyByte(next) { position += 1 }
                parts.append(KeyPart(name: String(decoding: bytes[start..<position], as: UTF8.self), offset: start))
                if let next = peek(), !Self.endsBareKey(next) {
                    throw error(.invalidKey(problem: "\(found()) cannot be part of a bare key (A-Z a-z 0-9 _ -); put the key in quotes"), at: position)
                }
            case UInt8(ascii: ".")?:
                let problem = parts.isEmpty ? "a key cannot start with '.'" : "a key cannot contain an empty part between dots"
                throw error(.invalidKey(problem: problem), at: start)
            case nil, UInt8(ascii: "\n")?, UInt8(ascii: "\r")?, UInt8(ascii: "=")?, UInt8(ascii: "]")?:
                let problem = parts.isEmpty ? "the key is missing" : "a key cannot end with '.'"
                throw error(.invalidKey(problem: problem), at: start)
            default:
                if let bom = misplacedByteOrderMark() { throw bom }
                throw error(.invalidKey(problem: "\(found()) cannot be part of a bare key (A-Z a-z 0-9 _ -); put the key in quotes"), at: start)
            }
            skipSpaces()
            guard peek() == UInt8(ascii: ".") else { return parts }
            position += 1
        }
    }

    private static func endsBareKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "."), UInt8(ascii: "="), UInt8(ascii: "]"),
             UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return true
        default:
            return false
        }
    }

    /// `key = value` into `table`, creating the tables its dotted parts name. Returns the key as messages show it.
    /// `prefix` names `table` in messages (`component.api`, `a[0].b`); empty for the root.
    mutating func parseKeyValue(into table: TOMLTableNode, prefix: String) throws(TOMLError) -> String {
        let parts = try parseKey()
        func named(_ parts: ArraySlice<KeyPart>) -> String {
            let written = Self.display(parts.map(\.name))
            return prefix.isEmpty ? written : prefix + "." + written
        }
        let name = named(parts[...])
        guard peek() == UInt8(ascii: "=") else { throw unexpected(expected: "'=' after the key '\(name)'") }
        position += 1
        skipSpaces()

        var node = table
        for (index, part) in parts.dropLast().enumerated() {
            let path = named(parts[...index])
            switch node[part.name] {
            case nil:
                let child = try newTable(.dotted, under: node, at: part.offset)
                node.add(part.name, .table(child))
                node = child
            case .table(let existing) where existing.origin == .dotted:
                node = existing
            case .table:
                throw error(.dottedKeyExtendsTable(key: name, table: path), at: part.offset)
            case .tableArray:
                throw error(.notATable(key: path, kind: "an array of tables"), at: part.offset)
            case .value(let value):
                throw error(Self.cannotHoldKeys(path, value), at: part.offset)
            }
        }
        guard let last = parts.last else { throw error(.invalidKey(problem: "the key is missing"), at: position) }
        guard node[last.name] == nil else { throw error(.duplicateKey(key: name), at: last.offset) }
        let value = try parseValue(key: name, depth: node.depth + 1)
        node.add(last.name, .value(value))
        return name
    }

    // MARK: Table headers

    /// `[a.b]` or `[[a.b]]`: returns the table that following key/value lines fill.
    mutating func parseHeader() throws(TOMLError) -> (TOMLTableNode, [String]) {
        let start = position
        position += 1
        let isArray = peek() == UInt8(ascii: "[")
        if isArray { position += 1 }
        let parts: [KeyPart]
        do {
            parts = try parseKey()
        } catch {
            guard case .invalidKey(let problem) = error.reason else { throw error }
            throw TOMLError(line: error.line, column: error.column,
                            reason: .invalidTableHeader(header: headerExcerpt(from: start), problem: problem))
        }
        let closing = isArray ? "]]" : "]"
        guard peek() == UInt8(ascii: "]"), !isArray || peek(1) == UInt8(ascii: "]") else {
            let problem = "expected '\(closing)' after '\(Self.display(parts.map(\.name)))', found \(found())"
            throw error(.invalidTableHeader(header: headerExcerpt(from: start), problem: problem), at: position)
        }
        position += closing.utf8.count

        var node = root
        for (index, part) in parts.dropLast().enumerated() {
            let path = Self.display(parts[...index].map(\.name))
            switch node[part.name] {
            case nil:
                let child = try newTable(.implicit, under: node, at: part.offset)
                node.add(part.name, .table(child))
                node = child
            case .table(let existing):
                node = existing
            case .tableArray(let array):
                guard let last = array.elements.last else { throw error(.notATable(key: path, kind: "an empty array"), at: part.offset) }
                node = last
            case .value(let value):
                throw error(Self.cannotHoldKeys(path, value), at: part.offset)
            }
        }
        guard let last = parts.last else { throw error(.invalidKey(problem: "the key is missing"), at: start) }
        let name = Self.display(parts.map(\.name))
        let path = parts.map(\.name)
        switch (node[last.name], isArray) {
        case (nil, false):
            let table = try newTable(.header, under: node, at: last.offset)
            node.add(last.name, .table(table))
            return (table, path)
        case (nil, true):
            let array = TOMLTableArrayNode()
            let table = try newTable(.header, under: node, at: last.offset)
            array.elements.append(table)
            node.add(last.name, .tableArray(array))
            return (table, path)
        case (.table(let existing), false):
            switch existing.origin {
            case .implicit:
                existing.origin = .header
                return (existing, path)
            case .header: throw error(.tableDefinedTwice(table: name), at: start)
            case .dotted: throw error(.tableDefinedByDottedKeys(table: name), at: start)
            }
        case (.tableArray(let array), true):
            let table = try newTable(.header, under: node, at: last.offset)
            array.elements.append(table)
            return (table, path)
        case (.tableArray, false):
            throw error(.tableDefinedTwice(table: name), at: start)
        case (.table, true):
            throw error(.notAnArrayOfTables(key: name, kind: "a table"), at: start)
        case (.value(let value), false):
            throw error(Self.cannotHoldKeys(name, value), at: start)
        case (.value(let value), true):
            throw error(.notAnArrayOfTables(key: name, kind: value.kindDescription), at: start)
        }
    }

    /// Why a key that already holds `value` cannot become a table.
    static func cannotHoldKeys(_ key: String, _ value: TOMLValue) -> TOMLError.Reason {
        if case .table = value { return .inlineTableClosed(key: key) }
        return .notATable(key: key, kind: value.kindDescription)
    }

    func newTable(_ origin: TOMLTableNode.Origin, under parent: TOMLTableNode, at offset: Int) throws(TOMLError) -> TOMLTableNode {
        guard parent.depth < TOMLReader.maximumDepth else { throw error(.tooDeep(limit: TOMLReader.maximumDepth), at: offset) }
        return TOMLTableNode(origin: origin, depth: parent.depth + 1)
    }

    /// The header as written, up to its closing bracket on the same line, for messages.
    func headerExcerpt(from start: Int) -> String {
        var end = start
        var closed = false
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n"), bytes[end] != UInt8(ascii: "\r") {
            end += 1
            if bytes[end - 1] == UInt8(ascii: "]"), end - start > 1 {
                if end < bytes.count, bytes[end] == UInt8(ascii: "]"), bytes[start + 1] == UInt8(ascii: "[") { end += 1 }
                closed = true
                break
            }
        }
        var text = String(decoding: bytes[start..<end], as: UTF8.self)
        if !closed { while text.last == " " || text.last == "\t" { text.removeLast() } }
        return Self.escapedForMessage(text)
    }

    // MARK: Values

    /// Any value; `key` names it in messages, `depth` is the nesting level a container value would have.
    mutating func parseValue(key: String, depth: Int) throws(TOMLError) -> TOMLValue {
        switch peek() {
        case let quote? where quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'"):
            if peek(1) == quote, peek(2) == quote { return .string(try parseMultilineString()) }
            return .string(try parseSingleLineString())
        case UInt8(ascii: "[")?:
            return try parseArray(key: key, depth: depth)
        case UInt8(ascii: "{")?:
            return try parseInlineTable(key: key, depth: depth)
        case let byte? where Self.isScalarByte(byte):
            return try parseScalar(key: key)
        default:
            if let bom = misplacedByteOrderMark() { throw bom }
            throw unexpected(expected: "a value for '\(key)'")
        }
    }

    mutating func parseArray(key: String, depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth <= TOMLReader.maximumDepth else { throw error(.tooDeep(limit: TOMLReader.maximumDepth), at: position) }
        position += 1
        var elements: [TOMLValue] = []
        while true {
            try skipSpacesNewlinesAndComments()
            if peek() == UInt8(ascii: "]") {
                position += 1
                return .array(elements)
            }
            elements.append(try parseValue(key: "\(key)[\(elements.count)]", depth: depth + 1))
            try skipSpacesNewlinesAndComments()
            switch peek() {
            case UInt8(ascii: ",")?:
                position += 1
            case UInt8(ascii: "]")?:
                position += 1
                return .array(elements)
            default:
                throw unexpected(expected: "',' or ']' in the array '\(key)'")
            }
        }
    }

    /// `{ a = 1, b.c = 2 }`: on one line, no trailing comma, closed to later additions (TOML 1.0).
    mutating func parseInlineTable(key: String, depth: Int) throws(TOMLError) -> TOMLValue {
        guard depth <= TOMLReader.maximumDepth else { throw error(.tooDeep(limit: TOMLReader.maximumDepth), at: position) }
        position += 1
        let node = TOMLTableNode(origin: .header, depth: depth)
        skipSpaces()
        if peek() == UInt8(ascii: "\n") || peek() == UInt8(ascii: "\r") {
            throw unexpected(expected: "a key or '}' (an inline table stays on one line)")
        }
        if peek() == UInt8(ascii: "}") {
            position += 1
            return .table(node.table())
        }
        while true {
            skipSpaces()
            if peek() == UInt8(ascii: "}") {
                throw unexpected(expected: "another key after ',' in the inline table '\(key)' (no trailing comma in TOML 1.0)")
            }
            _ = try parseKeyValue(into: node, prefix: key)
            skipSpaces()
            switch peek() {
            case UInt8(ascii: ",")?:
                position += 1
            case UInt8(ascii: "}")?:
                position += 1
                return .table(node.table())
            default:
                throw unexpected(expected: "',' or '}' in the inline table '\(key)' (inline tables stay on one line)")
            }
        }
    }

    // MARK: Messages

    /// How messages show a key: dotted, with parts that are not bare keys quoted.
    static func display(_ names: [String]) -> String {
        names.map { name in
            let bare = !name.isEmpty && name.utf8.allSatisfy(isBareKeyByte)
            // Escaping also shortens: a megabyte-long key must not make a megabyte-long message.
            return bare ? escapedForMessage(name) : "\"" + escapedForMessage(name) + "\""
        }.joined(separator: ".")
    }

    /// Control characters and quotes escaped so a message stays on one line; long text shortened.
    static func escapedForMessage(_ text: String, quotes: Bool = true) -> String {
        var result = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            if index == 80 {
                result += "…"
                break
            }
            switch scalar.value {
            case 0x22 where quotes: result += "\\\""
            case 0x5C where quotes: result += "\\\\"
            case 0..<0x20, 0x7F, 0x80..<0xA0, 0x2028, 0x2029:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                result += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// The byte at the position as a message shows it: `'x'`, `end of line`, `end of file`, `U+0001`.
    func found(at offset: Int? = nil) -> String {
        let index = offset ?? position
        guard index < bytes.count else { return "end of file" }
        let byte = bytes[index]
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"): return "end of line"
        case 0x20..<0x7F: return "'" + String(UnicodeScalar(byte)) + "'"
        case 0..<0x80: return Self.scalarName(UInt32(byte))
        default:
            guard let length = scalarLength(at: index) else { return "an invalid UTF-8 byte" }
            let text = String(decoding: bytes[index..<index + length], as: UTF8.self)
            return "'" + Self.escapedForMessage(text) + "'"
        }
    }

    static func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    func unexpected(expected: String) -> TOMLError {
        if let bom = misplacedByteOrderMark() { return bom }
        if let byte = peek(), byte >= 0x80, scalarLength(at: position) == nil { return error(.invalidUTF8, at: position) }
        if let byte = peek(), byte == UInt8(ascii: "\r"), peek(1) != UInt8(ascii: "\n") { return error(.bareCarriageReturn, at: position) }
        return error(.unexpected(found: found(), expected: expected), at: position)
    }

    func misplacedByteOrderMark() -> TOMLError? {
        guard peek() == 0xEF, peek(1) == 0xBB, peek(2) == 0xBF else { return nil }
        return error(.misplacedByteOrderMark, at: position)
    }

    func controlCharacter(place: String) -> TOMLError {
        error(.controlCharacter(scalar: Self.scalarName(UInt32(peek() ?? 0)), place: place), at: position)
    }

    /// The error with its 1-based line and column (Unicode scalars from the line's start).
    func error(_ reason: TOMLError.Reason, at offset: Int) -> TOMLError {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = textStart
        var index = textStart
        while index < end {
            if bytes[index] == UInt8(ascii: "\n") {
                line += 1
                lineStart = index + 1
            }
            index += 1
        }
        var column = 1
        index = lineStart
        while index < end {
            if bytes[index] & 0xC0 != 0x80 { column += 1 }
            index += 1
        }
        return TOMLError(line: line, column: column, reason: reason)
    }

    /// The length of the valid UTF-8 sequence at `offset` (RFC 3629: no overlongs, no surrogates), or nil.
    func scalarLength(at offset: Int) -> Int? {
        func byte(_ index: Int) -> UInt8? { offset + index < bytes.count ? bytes[offset + index] : nil }
        func continuation(_ index: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            guard let value = byte(index) else { return false }
            return range.contains(value)
        }
        guard let first = byte(0) else { return nil }
        switch first {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : nil
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : nil
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : nil
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : nil
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : nil
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : nil
        default: return nil
        }
    }
}
