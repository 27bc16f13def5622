/// One HTTP header field as sent or received; names compare case-insensitively only where
/// `HTTPResponse` looks them up, so the exact spelling the peer used is kept.
public struct HTTPHeader: Sendable, Hashable {
    /// The field name, e.g. `Content-Type`.
    public var name: String
    /// The field value without surrounding whitespace.
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
