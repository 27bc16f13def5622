import Testing
import WasmPackSpin

@Suite("TOML reader: values, document order, positions and errors")
struct TOMLReaderTests {
    func parse(_ text: String) throws(TOMLError) -> TOMLTable {
        try TOMLReader.parse(Array(text.utf8))
    }

    func error(_ text: String) -> TOMLError? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    /// The header typos that made toml++ abort the process (issue 7 item 3), with the column of the
    /// offending character and a message naming the header.
    @Test(arguments: [
        ("[.component.api]", 2, "invalid table header '[.component.api]': a key cannot start with '.'"),
        ("[*]", 2, "invalid table header '[*]': '*' cannot be part of a bare key (A-Z a-z 0-9 _ -); put the key in quotes"),
        ("[é]", 2, "invalid table header '[é]': 'é' cannot be part of a bare key (A-Z a-z 0-9 _ -); put the key in quotes"),
        ("[#]", 2, "invalid table header '[#]': '#' cannot be part of a bare key (A-Z a-z 0-9 _ -); put the key in quotes"),
        ("[,]", 2, "invalid table header '[,]': ',' cannot be part of a bare key (A-Z a-z 0-9 _ -); put the key in quotes"),
        ("[[*]]", 3, "invalid table header '[[*]]': '*' cannot be part of a bare key (A-Z a-z 0-9 _ -); put the key in quotes"),
    ])
    func headerTyposThatCrashedTomlPlusPlusAreOneLineErrors(header: String, column: Int, message: String) {
        let found = error("spin_manifest_version = 2\n\n\(header)\nsource = \"a.wasm\"\n")
        #expect(found?.line == 3 && found?.column == column)
        #expect(found?.description == "3:\(column): \(message)")
    }

    @Test func everyValueKindDecodes() throws {
        let table = try parse("""
            basic = "tab\\there \\u00e9 \\U0001F600"
            literal = 'C:\\path'
            multi = \"\"\"
            one \\
              two\"\"\"\"
            raw = '''
            x''y'''
            hex = 0xdead_BEEF
            oct = 0o755
            bin = -0
            big = -9_223_372_036_854_775_808
            float = 6.626e-34
            inf = -inf
            nan = +nan
            yes = true
            offset = 1979-05-27 07:32:00.5-07:00
            local = 1979-05-27T07:32:00
            date = 2024-02-29
            time = 23:59:60.123456789999
            array = [1, "two", [3.0], { four = 4 }, ]
            inline = { a.b = 1, c = [] }
            """)
        #expect(table["basic"] == .string("tab\there é 😀"))
        #expect(table["literal"] == .string("C:\\path"))
        #expect(table["multi"] == .string("one two\""))
        #expect(table["raw"] == .string("x''y"))
        #expect(table["hex"] == .integer(0xdead_beef))
        #expect(table["oct"] == .integer(0o755))
        #expect(table["bin"] == .integer(0))
        #expect(table["big"] == .integer(.min))
        #expect(table["float"] == .float(6.626e-34))
        #expect(table["inf"] == .float(-.infinity))
        if case .float(let nan)? = table["nan"] { #expect(nan.isNaN) } else { Issue.record("nan") }
        #expect(table["yes"] == .boolean(true))
        #expect(table["offset"] == .dateTime(TOMLDateTime(
            date: TOMLDate(year: 1979, month: 5, day: 27),
            time: TOMLTime(hour: 7, minute: 32, second: 0, nanosecond: 500_000_000), offsetMinutes: -420)))
        #expect(table["local"].map { "\($0)" } == "dateTime(1979-05-27T07:32:00)")
        #expect(table["date"] == .date(TOMLDate(year: 2024, month: 2, day: 29)))
        #expect(table["time"] == .time(TOMLTime(hour: 23, minute: 59, second: 60, nanosecond: 123_456_789)))
        #expect(table["array"]?.array?.count == 4)
        #expect(table["inline"]?.table?["a"]?.table?["b"] == .integer(1))
    }

    @Test func keysKeepDocumentOrderAcrossHeadersDottedKeysAndArraysOfTables() throws {
        let table = try parse("""
            [component.zeta]
            [[trigger.http]]
            [component.alpha]
            [component]
            mid.source = "m.wasm"
            [[trigger.cron]]
            [[trigger.http]]
            """)
        #expect(table.keys == ["component", "trigger"])
        #expect(table["component"]?.table?.keys == ["zeta", "alpha", "mid"])
        #expect(table["trigger"]?.table?.keys == ["http", "cron"])
        #expect(table["trigger"]?.table?["http"]?.array?.count == 2)
    }

    /// toml_edit (Spin's reader) accepts a leading UTF-8 BOM; anywhere else it is an error.
    @Test func leadingByteOrderMarkIsSkippedAndAnyOtherIsAnError() throws {
        let table = try TOMLReader.parse([0xEF, 0xBB, 0xBF] + Array("a = 1\n".utf8))
        #expect(table["a"] == .integer(1))
        let inside = error("a = 1\n\u{FEFF}b = 2\n")
        #expect(inside?.description == "2:1: a byte order mark (U+FEFF) is only allowed at the start of the file")
        // Columns on the first line do not count the skipped mark.
        #expect(throws: TOMLError(line: 1, column: 5, reason: .unexpected(found: "end of file", expected: "a value for 'a'"))) {
            try TOMLReader.parse([0xEF, 0xBB, 0xBF] + Array("a = ".utf8))
        }
    }

    @Test func errorsPointAtLineAndColumnAndNameTheKey() {
        #expect(error("[component.api]\nsource = api.wasm\n")?.description
            == "2:10: invalid value for 'component.api.source': 'api.wasm' is not a TOML value; put strings in quotes (\"api.wasm\")")
        #expect(error("a = 1\n[t]\nb = 2\nb = 3\n")?.description == "4:1: key 't.b' is defined twice; remove or rename one of them")
        #expect(error("[t]\n[t]\n")?.description == "2:1: table [t] is defined twice; merge the two sections")
        #expect(error("a.b = 1\n[a]\n")?.description == "2:1: table [a] was already defined with dotted keys; define it in one place")
        #expect(error("[a.b.c]\n[a]\nb.c.d = 1\n")?.description
            == "3:1: dotted key 'a.b.c.d' cannot add to table 'a.b', which is defined by a [header]; move the key into that section")
        #expect(error("a = { b = 1 }\n[a.c]\n")?.description
            == "2:2: 'a' is an inline table, which nothing can add to after its closing '}'; write it as a [a] section instead")
        #expect(error("a = 'x'\na.b = 1\n")?.description == "2:1: 'a' is a string, not a table, so it cannot hold more keys")
        #expect(error("é = 1")?.description == "1:1: invalid key: 'é' cannot be part of a bare key (A-Z a-z 0-9 _ -); put the key in quotes")
        #expect(error("x = \"abc\ny = 1")?.description
            == "1:5: the string is not closed on its line; add the closing quote, or use \"\"\" or ''' for a multi-line string")
        #expect(error("a = \"ü\\q\"")?.description.hasPrefix("1:7: invalid escape '\\q' in a string") == true)
        #expect(error("a = 1 b")?.description == "1:7: expected a new line after the value of 'a', found 'b'")
        #expect(error("a = [1, 2")?.description == "1:10: expected ',' or ']' in the array 'a', found end of file")
        #expect(error("a = 1\r")?.description == "1:6: a carriage return must be followed by a line feed")
        #expect(error("a = 1979-02-29")?.description == "1:5: invalid value for 'a': '1979-02-29' has day 29, which month 2 of 1979 does not have")
        let longKey = String(repeating: "k", count: 100_000)
        #expect((error("\(longKey) = 1\n\(longKey) = 2")?.description.count ?? .max) < 200)
        #expect(error("a = 99999999999999999999")?.description == "1:5: invalid value for 'a': '99999999999999999999' is out of range for a 64-bit integer")
    }

    @Test func invalidUTF8AndControlCharactersAreRejectedWhereTheyAre() {
        #expect(throws: TOMLError(line: 2, column: 7, reason: .invalidUTF8)) {
            try TOMLReader.parse(Array("a = 1\nb = \"x".utf8) + [0xC0, 0x80, 0x22])
        }
        #expect(throws: TOMLError(line: 1, column: 4, reason: .invalidUTF8)) { try TOMLReader.parse(Array("# x".utf8) + [0xED, 0xA0, 0x80]) }
        #expect(error("a = \"\u{7}\"")?.description
            == "1:6: control character U+0007 is not allowed in a string; write it as an escape in a \"basic\" string")
        #expect(error("# bell \u{7}")?.reason == .controlCharacter(scalar: "U+0007", place: "in a comment"))
        // TOML itself allows an escaped NUL: the Spin layer decides about paths.
        #expect((try? parse("a = \"x\\u0000y\""))?["a"] == .string("x\u{0}y"))
    }

    /// `[[[[…` cannot recurse (headers are not nested values) and `a = [[[[…` stops at the limit,
    /// so no input can exhaust the stack.
    @Test func deepNestingIsBoundedAndOneLine() {
        let arrays = error("a = " + String(repeating: "[", count: 100_000))
        #expect(arrays?.reason == .tooDeep(limit: TOMLReader.maximumDepth))
        let tables = error("a = " + String(repeating: "{b=", count: 100_000))
        #expect(tables?.reason == .tooDeep(limit: TOMLReader.maximumDepth))
        let dotted = error(String(repeating: "a.", count: 1_000) + "b = 1")
        #expect(dotted?.reason == .tooDeep(limit: TOMLReader.maximumDepth))
        let headers = error(String(repeating: "[", count: 100_000))
        #expect(headers?.description.hasPrefix("1:3: invalid table header '[[[[") == true)
        #expect(headers.map { !$0.description.contains("\n") && $0.description.count < 300 } == true)
        #expect((try? parse("a = " + String(repeating: "[", count: 100) + String(repeating: "]", count: 100))) != nil)
    }

    /// Every prefix of a real manifest, and every single-byte corruption of one, gives a table or an
    /// error: a cheap sweep for traps until the fuzz targets replay their corpora.
    @Test func truncatedAndCorruptedManifestsNeverTrap() {
        let manifest = Array("""
            spin_manifest_version = 2
            [application]
            name = "x" # comment
            authors = ['a', \"\"\"b\"\"\"]
            [[trigger.http]]
            route = "/..."
            component = { source = "a.wasm", files = [{ source = "s", destination = "/" }] }
            [component.api]
            source = "api.wasm"
            when = 1979-05-27T07:32:00Z
            n = [0x1, 1e3, inf]
            """.utf8)
        for length in 0...manifest.count {
            _ = try? TOMLReader.parse(Array(manifest[..<length]))
        }
        for index in manifest.indices {
            for replacement: UInt8 in [0x00, 0x0D, 0x22, 0x27, 0x5B, 0x5D, 0x7B, 0x2E, 0x3D, 0xFF, 0xC3] {
                var corrupted = manifest
                corrupted[index] = replacement
                if case .failure(let error) = Result(catching: { () throws(TOMLError) in try TOMLReader.parse(corrupted) }) {
                    #expect(!error.description.contains("\n"))
                }
            }
        }
    }
}
