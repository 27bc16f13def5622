/// Reads TOML 1.0 documents. Pure Swift over the bytes, one pass, no Foundation.
///
/// Every input gives either a table or a `TOMLError` with a line, a column and a one-line reason:
/// no input can trap, and nesting is bounded (`maximumDepth`) so deep `[[[[…` cannot exhaust the stack.
public enum TOMLReader {
    /// Tables and arrays nested deeper than this are rejected; real manifests use a handful of levels.
    public static let maximumDepth = 128

    /// Parses a whole document. A leading UTF-8 byte order mark is skipped, as Spin's toml_edit does.
    public static func parse(_ bytes: [UInt8]) throws(TOMLError) -> TOMLTable {
        var parser = TOMLParser(bytes: bytes)
        return try parser.parseDocument()
    }
}
