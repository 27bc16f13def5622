/// Why an HTTP exchange produced no response.
///
/// An HTTP error status (404, 401, 500 …) is not a `TransportError`: it arrives as an
/// `HTTPResponse` for the caller to judge. Every URL carried here has gone through
/// `TransportError.displayURL(_:)`: no query string (upload URLs carry session state and storage
/// redirects carry signed tokens) and no user-info. Header values are never included.
public enum TransportError: Error, Sendable, CustomStringConvertible {
    /// libcurl could not be set up (out of memory, or its TLS library failed to start).
    case unavailable(detail: String)
    /// The request cannot be sent as given: malformed URL, scheme other than http/https,
    /// a line break in a header, or a body on GET/HEAD.
    case invalidRequest(url: String, detail: String)
    /// The registry's (or proxy's) host name did not resolve.
    case couldNotResolve(url: String, detail: String)
    /// No TCP connection could be made (refused, unreachable, proxy handshake failed).
    case couldNotConnect(url: String, detail: String)
    /// The proxy answered `CONNECT` with a non-2xx status instead of opening a tunnel.
    case proxyRefused(url: String, status: Int)
    /// Connecting took longer than `connectTimeout`, or the transfer stayed below
    /// `lowSpeedLimit` for `lowSpeedTime`.
    case timedOut(url: String, detail: String)
    /// The TLS handshake failed, usually an untrusted or mismatched certificate.
    case tls(url: String, detail: String)
    /// The connection broke while sending or receiving: reset, closed before the whole response
    /// arrived, or closed without any response.
    case connectionLost(url: String, detail: String)
    /// The response body exceeded the `bodyLimit` given to `perform`.
    case bodyTooLarge(url: String, limit: Int)
    /// The response's header lines exceeded `lineLimit` bytes for one line or `totalLimit` together.
    case headersTooLarge(url: String, lineLimit: Int, totalLimit: Int)
    /// A streamed body ended complete but shorter than the `expectedBodySize` given to `perform`
    /// (the peer announced and sent fewer bytes): the transfer broke, the request may be repeated.
    case shortBody(url: String, expected: Int64, received: Int64)
    /// The `onBody` handler threw `underlying`, which stopped the transfer.
    case aborted(url: String, underlying: any Error)
    /// The file named in `HTTPRequestBody.file` could not be opened or read in full.
    case fileError(url: String, path: String, detail: String)
    /// Any other libcurl failure, with its `CURLcode`.
    case other(url: String, code: Int, detail: String)

    /// True for connection-level failures after which the same request may simply be sent again.
    ///
    /// Only the caller knows whether that is safe: GET, HEAD, DELETE, token requests and manifest
    /// PUTs are; a blob PATCH/PUT into an upload session is not once bytes went out (distribution
    /// spec; ggcr retries the whole upload instead). Resolution failures are not retryable because
    /// libcurl cannot tell a mistyped registry name from a flaky resolver, and retrying a typo
    /// only delays the error.
    public var isRetryable: Bool {
        switch self {
        case .couldNotConnect, .timedOut, .connectionLost, .shortBody:
            return true
        case .proxyRefused(_, let status):
            // 502/503/504 mean the proxy could not reach the registry right now.
            return (502...504).contains(status)
        case .unavailable, .invalidRequest, .couldNotResolve, .tls, .bodyTooLarge, .headersTooLarge, .aborted, .fileError, .other:
            return false
        }
    }

    /// True for `.bodyTooLarge`, so callers can turn it into their own "document too large" error.
    public var isBodyTooLarge: Bool {
        if case .bodyTooLarge = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .unavailable(let detail):
            return "could not initialise libcurl: \(detail)"
        case .invalidRequest(let url, let detail):
            return "cannot send the request to \(url): \(detail)"
        case .couldNotResolve(let url, let detail):
            return "could not resolve the host for \(url): \(detail); check the registry name and the DNS or proxy settings"
        case .couldNotConnect(let url, let detail):
            return "could not connect for \(url): \(detail)"
        case .proxyRefused(let url, let status):
            return "the proxy answered HTTP \(status) instead of opening a tunnel for \(url); check HTTPS_PROXY, HTTP_PROXY and NO_PROXY"
        case .timedOut(let url, let detail):
            return "timed out talking to \(url): \(detail)"
        case .tls(let url, let detail):
            return "TLS failed for \(url): \(detail); for a private CA pass --ca-file (or set SSL_CERT_FILE), or skip verification with --insecure"
        case .connectionLost(let url, let detail):
            return "the connection broke during \(url): \(detail)"
        case .bodyTooLarge(let url, let limit):
            return "the response from \(url) is larger than the \(limit) bytes allowed"
        case .headersTooLarge(let url, let lineLimit, let totalLimit):
            return "the registry sent response headers larger than \(lineLimit) bytes in one line or \(totalLimit) bytes in all for \(url); refusing to read them (a proxy or gateway may be in the way)"
        case .shortBody(let url, let expected, let received):
            return "the response from \(url) ended after \(received) of \(expected) bytes"
        case .aborted(let url, let underlying):
            return "the transfer from \(url) was stopped: \(underlying)"
        case .fileError(let url, let path, let detail):
            return "cannot read \(path) to send to \(url): \(detail)"
        case .other(let url, let code, let detail):
            return "the request to \(url) failed (curl error \(code)): \(detail)"
        }
    }

    /// `url` as it may appear in messages and logs: without query string or fragment (upload
    /// session state, signed storage tokens) and without `user:password@`.
    static func displayURL(_ url: String) -> String {
        var shown = Substring(url)
        if let end = shown.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            shown = shown[..<end]
        }
        guard let schemeEnd = shown.firstRange(of: "://") else { return String(shown) }
        let authorityEnd = shown[schemeEnd.upperBound...].firstIndex(of: "/") ?? shown.endIndex
        if let at = shown[schemeEnd.upperBound..<authorityEnd].lastIndex(of: "@") {
            return String(shown[..<schemeEnd.upperBound] + shown[shown.index(after: at)...])
        }
        return String(shown)
    }
}
