import Testing
import WasmPackSpin

/// Differences from Spin's own reader (toml_edit) that fuzzing found: the TOML fuzz corpus, read
/// by this reader and by Python's tomllib, gave different values, and toml_edit sides with tomllib.
@Suite("TOML reader: fuzz findings against Spin's reader")
struct TOMLDifferentialFuzzTests {
    /// toml_edit turns every line break inside a multi-line string into "\n" (its `mlb_content`
    /// and `ml_literal_string`), so a spin.toml saved with Windows line endings means the same as
    /// one saved with Unix ones. Escaped "\r\n" stays as written.
    @Test(arguments: [
        ("a = \"\"\"\r\none\r\ntwo\"\"\"\r\n", "one\ntwo"),
        ("a = '''\r\none\r\ntwo'''\r\n", "one\ntwo"),
        ("a = \"\"\"one\\r\\n\r\ntwo\"\"\"", "one\r\n\ntwo"),
        ("a = \"\"\"one \\\r\n   two\"\"\"", "one two"),
    ])
    func crlfInsideMultilineStringsReadsAsLineFeed(document: String, expected: String) throws {
        let table = try TOMLReader.parse(Array(document.utf8))
        #expect(table["a"]?.string == expected)
    }
}
