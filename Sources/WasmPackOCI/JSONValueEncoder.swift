/// Encodes any `Encodable` into a `JSONValue`, keeping members in the order `encode(to:)` writes them
/// (the declaration order for synthesised conformances). Swift dictionaries are marked as maps, so
/// their random iteration order never reaches the output.
public struct JSONValueEncoder: Sendable {
    public init() {}

    public func encode<Value: Encodable>(_ value: Value) throws -> JSONValue {
        let node = EncodingNode()
        try node.encode(value, codingPath: [])
        return node.value
    }

    /// Encodes and serialises in one step.
    public func bytes<Value: Encodable>(_ value: Value, style: JSONStyle = .canonical) throws -> [UInt8] {
        JSONWriter(style: style).bytes(try encode(value))
    }
}

/// Dictionaries keyed by strings: their order carries no meaning.
private protocol StringKeyedMap {}
extension Dictionary: StringKeyedMap where Key == String {}

/// A mutable tree built while encoding; converted to a `JSONValue` at the end.
private final class EncodingNode {
    enum Content {
        case empty
        case scalar(JSONValue)
        case object([(String, EncodingNode)])
        case array([EncodingNode])
    }

    var content: Content = .empty
    var isMap = false

    var value: JSONValue {
        switch content {
        case .empty: return .object([], sortedOnOutput: isMap)
        case .scalar(let value): return value
        case .object(let members):
            return .object(members.map { JSONMember(key: $0.0, value: $0.1.value) }, sortedOnOutput: isMap)
        case .array(let elements): return .array(elements.map(\.value))
        }
    }

    func encode<Value: Encodable>(_ value: Value, codingPath: [any CodingKey]) throws {
        if value is StringKeyedMap { isMap = true }
        switch value {
        case let text as String: content = .scalar(.string(text))
        case let flag as Bool: content = .scalar(.bool(flag))
        case let number as Int: content = .scalar(.integer(Int64(number)))
        case let number as Int64: content = .scalar(.integer(number))
        case let number as Int32: content = .scalar(.integer(Int64(number)))
        case let number as UInt32: content = .scalar(.integer(Int64(number)))
        case let number as Double: content = .scalar(.double(number))
        default: try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
        }
    }

    func child(forKey key: String) -> EncodingNode {
        let node = EncodingNode()
        var members: [(String, EncodingNode)]
        if case .object(let existing) = content { members = existing } else { members = [] }
        if let index = members.firstIndex(where: { $0.0 == key }) {
            members[index].1 = node
        } else {
            members.append((key, node))
        }
        content = .object(members)
        return node
    }

    func appendChild() -> EncodingNode {
        let node = EncodingNode()
        var elements: [EncodingNode]
        if case .array(let existing) = content { elements = existing } else { elements = [] }
        elements.append(node)
        content = .array(elements)
        return node
    }

    func becomeObject() { if case .object = content {} else { content = .object([]) } }
    func becomeArray() { if case .array = content {} else { content = .array([]) } }
}

private struct NodeEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.becomeArray()
        return UnkeyedNodeContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleNodeContainer(node: node, codingPath: codingPath)
    }
}

private struct KeyedNodeContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil(forKey key: Key) throws {
        node.child(forKey: key.stringValue).content = .scalar(.null)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.child(forKey: key.stringValue).encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let child = node.child(forKey: key.stringValue)
        child.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.child(forKey: key.stringValue)
        child.becomeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder {
        NodeEncoder(node: node.child(forKey: "super"), codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        NodeEncoder(node: node.child(forKey: key.stringValue), codingPath: codingPath + [key])
    }
}

private struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct UnkeyedNodeContainer: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var count: Int {
        if case .array(let elements) = node.content { return elements.count }
        return 0
    }

    mutating func encodeNil() throws { node.appendChild().content = .scalar(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let key = IndexKey(count)
        try node.appendChild().encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let child = node.appendChild()
        child.becomeObject()
        return KeyedEncodingContainer(KeyedNodeContainer<NestedKey>(node: child, codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let child = node.appendChild()
        child.becomeArray()
        return UnkeyedNodeContainer(node: child, codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.appendChild(), codingPath: codingPath) }
}

private struct SingleNodeContainer: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.content = .scalar(.null) }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try node.encode(value, codingPath: codingPath)
    }
}
