/// Why a document is not TOML 1.0, and where: `line` and `column` are 1-based, columns count
/// Unicode scalars. `description` is one line: `3:2: invalid table header '[.a]': …`.
public struct TOMLError: Error, Sendable, Equatable, CustomStringConvertible {
    public let line: Int
    public let column: Int
    public let reason: Reason

    public init(line: Int, column: Int, reason: Reason) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "\(line):\(column): \(reason)" }

    /// What is wrong, in our words. Keys and excerpts are shown escaped so a message stays one line.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// Something else was expected here: `found` is a quoted character or `end of file`.
        case unexpected(found: String, expected: String)
        /// A `[header]` or `[[header]]` that is not a valid key path.
        case invalidTableHeader(header: String, problem: String)
        case invalidKey(problem: String)
        case duplicateKey(key: String)
        case tableDefinedTwice(table: String)
        case tableDefinedByDottedKeys(table: String)
        /// Dotted keys may only extend tables that dotted keys created (TOML 1.0 "Table").
        case dottedKeyExtendsTable(key: String, table: String)
        case notATable(key: String, kind: String)
        /// TOML 1.0: an inline table is complete once its `}` is read.
        case inlineTableClosed(key: String)
        case notAnArrayOfTables(key: String, kind: String)
        case invalidValue(key: String, problem: String)
        case invalidEscape(sequence: String)
        case invalidUTF8
        case controlCharacter(scalar: String, place: String)
        case bareCarriageReturn
        case unterminated(what: String)
        /// A single-line string that reaches the end of its line.
        case unclosedString
        case misplacedByteOrderMark
        case tooDeep(limit: Int)

        public var description: String {
            switch self {
            case .unexpected(let found, let expected):
                return "expected \(expected), found \(found)"
            case .invalidTableHeader(let header, let problem):
                return "invalid table header '\(header)': \(problem)"
            case .invalidKey(let problem):
                return "invalid key: \(problem)"
            case .duplicateKey(let key):
                return "key '\(key)' is defined twice; remove or rename one of them"
            case .tableDefinedTwice(let table):
                return "table [\(table)] is defined twice; merge the two sections"
            case .tableDefinedByDottedKeys(let table):
                return "table [\(table)] was already defined with dotted keys; define it in one place"
            case .dottedKeyExtendsTable(let key, let table):
                return "dotted key '\(key)' cannot add to table '\(table)', which is defined by a [header]; move the key into that section"
            case .notATable(let key, let kind):
                return "'\(key)' is \(kind), not a table, so it cannot hold more keys"
            case .inlineTableClosed(let key):
                return "'\(key)' is an inline table, which nothing can add to after its closing '}'; write it as a [\(key)] section instead"
            case .notAnArrayOfTables(let key, let kind):
                return "'\(key)' is \(kind), not an array of tables, so [[\(key)]] cannot add to it"
            case .invalidValue(let key, let problem):
                return "invalid value for '\(key)': \(problem)"
            case .invalidEscape(let sequence):
                return "invalid escape '\(sequence)' in a string; escapes are \\b \\t \\n \\f \\r \\e \\\" \\\\ \\uXXXX \\UXXXXXXXX (a Unicode scalar), and \\\\ writes a backslash"
            case .invalidUTF8:
                return "the text is not valid UTF-8; save the file as UTF-8"
            case .controlCharacter(let scalar, let place):
                return "control character \(scalar) is not allowed \(place); write it as an escape in a \"basic\" string"
            case .bareCarriageReturn:
                return "a carriage return must be followed by a line feed"
            case .unterminated(let what):
                return "\(what) is not closed"
            case .unclosedString:
                return "the string is not closed on its line; add the closing quote, or use \"\"\" or ''' for a multi-line string"
            case .misplacedByteOrderMark:
                return "a byte order mark (U+FEFF) is only allowed at the start of the file"
            case .tooDeep(let limit):
                return "tables and arrays are nested more than \(limit) levels deep"
            }
        }
    }
}
