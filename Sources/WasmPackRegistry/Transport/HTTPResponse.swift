/// The final response of one HTTP exchange (never a `1xx` interim response or a proxy's
/// `CONNECT` answer).
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200, 307 or 401.
    public var status: Int
    /// The final response's header fields in the order received.
    public var headers: [HTTPHeader]
    /// The response body; empty for `HEAD`, and when an `onBody` handler consumed a `2xx` body.
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header `name`, compared case-insensitively (RFC 9110 §5.1).
    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every value of the header `name` in order; registries may send several
    /// `WWW-Authenticate` challenges, one per field.
    public func headers(named name: String) -> [String] {
        let wanted = name.lowercased()
        return headers.filter { $0.name.lowercased() == wanted }.map(\.value)
    }
}
