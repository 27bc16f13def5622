/// A table while the document is being read. TOML 1.0's redefinition rules depend on how a table
/// came to exist, so each node remembers it; `TOMLReader` turns the finished tree into `TOMLTable`s.
final class TOMLTableNode {
    enum Origin {
        /// Created as the parent of a `[a.b]` header; a later `[a]` may still define it.
        case implicit
        /// Defined by its own `[header]` (or as an element of `[[header]]`).
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`); only more dotted keys may extend it.
        case dotted
    }

    enum Entry {
        /// A finished value, inline tables and static arrays included: nothing may add to it.
        case value(TOMLValue)
        case table(TOMLTableNode)
        case tableArray(TOMLTableArrayNode)
    }

    var origin: Origin
    /// Tables and arrays above this one; bounded so that conversion and comparison cannot overflow the stack.
    let depth: Int
    private(set) var keys: [String] = []
    private(set) var entries: [String: Entry] = [:]

    init(origin: Origin, depth: Int) {
        self.origin = origin
        self.depth = depth
    }

    subscript(key: String) -> Entry? {
        entries[key]
    }

    /// Adds a key the caller has checked is new.
    func add(_ key: String, _ entry: Entry) {
        keys.append(key)
        entries[key] = entry
    }

    /// The finished table, in document order.
    func table() -> TOMLTable {
        var table = TOMLTable()
        for key in keys {
            switch entries[key] {
            case .value(let value): table.set(key, value)
            case .table(let node): table.set(key, .table(node.table()))
            case .tableArray(let array): table.set(key, .array(array.elements.map { .table($0.table()) }))
            case nil: break
            }
        }
        return table
    }
}

/// The tables of one `[[array]]`, appended to by each header that names it.
final class TOMLTableArrayNode {
    var elements: [TOMLTableNode] = []
}
