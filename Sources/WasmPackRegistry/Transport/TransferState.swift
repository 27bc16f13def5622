/// What libcurl's C callbacks see of one transfer: the request body to send and the response
/// being assembled. `HTTPTransport` passes it as an unretained pointer and keeps it alive for
/// the duration of `curl_easy_perform`.
final class TransferState {
    let requestBody: RequestBodyReader
    /// The status of the latest status line; decides where body bytes go.
    private(set) var status = 0
    /// Header fields of the latest response seen (interim 1xx responses are replaced).
    private(set) var headers: [HTTPHeader] = []
    /// The collected body (when not streamed to `onBody`).
    private(set) var body: [UInt8] = []
    /// Why a callback stopped the transfer; libcurl itself only reports a generic write error.
    private(set) var failure: TransportError?

    private let url: String
    private let bodyLimit: Int
    private let onBody: ((UnsafeRawBufferPointer) throws -> Void)?

    init(requestBody: RequestBodyReader, url: String, bodyLimit: Int, onBody: ((UnsafeRawBufferPointer) throws -> Void)?) {
        self.requestBody = requestBody
        self.url = url
        self.bodyLimit = bodyLimit
        self.onBody = onBody
    }

    /// Takes one header line as libcurl delivers it (one call per line, CRLF included).
    func receiveHeader(_ line: UnsafeRawBufferPointer) {
        // Trim the line ending on bytes: as a String, "\r\n" is a single Character.
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\r") || line[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<end]), as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            // A new status line starts a new response: what came before was a 1xx interim
            // response (or a proxy's CONNECT answer), whose fields must not leak into the result.
            headers = []
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            return
        }
        guard !text.isEmpty else { return }
        if let first = text.first, first == " " || first == "\t", !headers.isEmpty {
            // Obsolete line folding (RFC 9112 §5.2): the line continues the previous value.
            headers[headers.count - 1].value += " " + text.trimmingWhitespace()
            return
        }
        guard let colon = text.firstIndex(of: ":") else { return }
        let name = String(text[..<colon])
        let value = text[text.index(after: colon)...].trimmingWhitespace()
        headers.append(HTTPHeader(name, value))
    }

    /// Takes one chunk of the response body; false stops the transfer.
    ///
    /// Only a 2xx body goes to `onBody`: an error document or a redirect page must not end up
    /// in the blob file being written, and the caller needs it in `HTTPResponse.body` to read
    /// the registry's error JSON.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if let onBody, (200..<300).contains(status) {
            do {
                try onBody(chunk)
                return true
            } catch {
                failure = .aborted(url: url, underlying: error)
                return false
            }
        }
        guard body.count + chunk.count <= bodyLimit else {
            failure = .bodyTooLarge(url: url, limit: bodyLimit)
            return false
        }
        body.append(contentsOf: chunk)
        return true
    }
}

private extension StringProtocol {
    func trimmingWhitespace() -> String {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = firstIndex(where: { !isBlank($0) }) else { return "" }
        let end = lastIndex(where: { !isBlank($0) })!
        return String(self[start...end])
    }
}
