/// One HTTP exchange for `HTTPTransport.perform(_:bodyLimit:onBody:)` to carry out.
public struct HTTPRequest: Sendable {
    /// `GET`, `HEAD`, `PUT`, `POST`, `PATCH` or `DELETE`.
    public var method: String
    /// An absolute `http` or `https` URL.
    public var url: String
    /// Sent in this order. The transport adds only `User-Agent` (and `Host`, `Content-Length`);
    /// in particular no default `Content-Type` and no `Expect: 100-continue`.
    public var headers: [HTTPHeader]
    /// The request body.
    public var body: HTTPRequestBody
    /// Told the bytes of this exchange's request body sent and response body received so far, from
    /// libcurl's progress callback on the thread performing it, at most about ten times a second
    /// (a big blob would otherwise call it for every buffer). Not told the final count: the caller
    /// knows the transfer ended when `perform` returns.
    public var onProgress: (@Sendable (_ sent: Int64, _ received: Int64) -> Void)?

    public init(method: String, url: String, headers: [HTTPHeader] = [], body: HTTPRequestBody = .none) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}
