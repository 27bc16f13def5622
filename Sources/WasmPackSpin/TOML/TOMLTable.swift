/// A TOML table whose keys keep document order, as Spin's toml_edit (IndexMap) keeps them:
/// component order is what users see and what numbers inline components.
public struct TOMLTable: Sendable, Equatable {
    /// In the order the document first mentions them.
    public private(set) var keys: [String] = []
    private var values: [String: TOMLValue] = [:]

    public init() {}

    public subscript(key: String) -> TOMLValue? {
        values[key]
    }

    public var isEmpty: Bool { keys.isEmpty }

    /// Sets `key`, appending it to the order when it is new.
    public mutating func set(_ key: String, _ value: TOMLValue) {
        if values.updateValue(value, forKey: key) == nil { keys.append(key) }
    }
}
