/// How error messages name a key: `[component.api] files[0].source`, `component[1].source`, `name`.
struct ManifestKey: CustomStringConvertible {
    /// The table the keys live in, as the user would look for it; empty for the document root.
    let table: String
    /// Between `table` and the first field: " " after a `[header]`, "." after a path.
    let separator: String

    /// The table's own name, for errors about the table as a whole.
    var description: String { table }

    static let root = ManifestKey(table: "", separator: "")

    /// `[component.<id>]`, quoting ids that are not bare TOML keys.
    static func componentTable(_ id: String) -> ManifestKey {
        ManifestKey(table: "[component.\(quotedIfNeeded(id))]", separator: " ")
    }

    static func header(_ name: String) -> ManifestKey {
        ManifestKey(table: "[\(name)]", separator: " ")
    }

    static func path(_ path: String) -> ManifestKey {
        ManifestKey(table: path, separator: ".")
    }

    func callAsFunction(_ field: String) -> String {
        table.isEmpty ? field : table + separator + field
    }

    /// The key for a field of a value inside this table (`files[0]` → `files[0].source`).
    func nested(_ field: String) -> ManifestKey {
        .path(self(field))
    }

    private static func quotedIfNeeded(_ id: String) -> String {
        let bare = !id.isEmpty && id.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
        }
        return bare ? id : "\"\(TOMLParser.escapedForMessage(id))\""
    }
}
