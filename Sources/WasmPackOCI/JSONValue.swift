/// A JSON document tree whose objects keep their members in insertion order.
///
/// Order matters for digests: the canonical style sorts keys, while the Go style keeps the
/// declaration order of Go structs (wasm-to-oci and oras-go), so a manifest can match theirs byte for byte.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Members in insertion order. `sortedOnOutput` marks maps (Swift dictionaries, Go maps) whose
    /// key order is meaningless and is therefore always written sorted.
    case object([JSONMember], sortedOnOutput: Bool)
}

/// One `"key": value` pair of a JSON object.
public struct JSONMember: Sendable, Equatable {
    public var key: String
    public var value: JSONValue

    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
