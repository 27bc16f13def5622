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

    /// Bytes of the 2xx body handed to `onBody` so far.
    private(set) var streamed: Int64 = 0
    /// Bytes of header lines of the current response; a hostile peer must not make us hold megabytes.
    private var headerBytes = 0
    /// True once the blank line after the final response's headers arrived.
    private(set) var headersComplete = false

    /// One header line may be this long; registries send a few hundred bytes, a JWT-laden
    /// WWW-Authenticate a few KiB.
    static let headerLineLimit = 64 << 10
    /// All header lines of one response together.
    static let headerTotalLimit = 256 << 10

    private let url: String
    /// A HEAD answer's Content-Length describes the resource, not a body that follows.
    private let isHead: Bool
    private let bodyLimit: Int
    private let expectedBodySize: Int64?
    private let onBody: ((UnsafeRawBufferPointer) throws -> Void)?
    private let onProgress: (@Sendable (Int64, Int64) -> Void)?
    /// When `onProgress` was last told, and what: reports are throttled to `progressInterval`.
    private var lastProgress: (at: ContinuousClock.Instant, sent: Int64, received: Int64)?
    /// A live display redraws about this often; reporting more often would cost callbacks for nothing.
    static let progressInterval = Duration.milliseconds(100)

    init(
        requestBody: RequestBodyReader, url: String, isHead: Bool = false, bodyLimit: Int, expectedBodySize: Int64? = nil,
        onBody: ((UnsafeRawBufferPointer) throws -> Void)?, onProgress: (@Sendable (Int64, Int64) -> Void)? = nil
    ) {
        self.onProgress = onProgress
        self.requestBody = requestBody
        self.url = url
        self.isHead = isHead
        self.bodyLimit = bodyLimit
        self.expectedBodySize = expectedBodySize
        self.onBody = onBody
    }

    /// Takes libcurl's progress figures (called for every buffer moved and about once a second
    /// while idle) and passes them on when they changed and `progressInterval` has passed.
    func progress(sent: Int64, received: Int64) {
        guard let onProgress else { return }
        let now = ContinuousClock.now
        if let last = lastProgress {
            guard sent != last.sent || received != last.received, now - last.at >= Self.progressInterval else { return }
        } else {
            guard sent > 0 || received > 0 else { return }
        }
        lastProgress = (now, sent, received)
        onProgress(sent, received)
    }

    /// Whether the body goes to `onBody` (a 2xx answer while streaming) rather than into `body`.
    private var streams: Bool { onBody != nil && (200..<300).contains(status) }

    /// Takes one header line as libcurl delivers it (one call per line, CRLF included); false stops
    /// the transfer (headers too large, or a Content-Length above what may be read).
    func receiveHeader(_ line: UnsafeRawBufferPointer) -> Bool {
        headerBytes += line.count
        guard line.count <= Self.headerLineLimit, headerBytes <= Self.headerTotalLimit else {
            failure = .headersTooLarge(url: url, lineLimit: Self.headerLineLimit, totalLimit: Self.headerTotalLimit)
            return false
        }
        // Trim the line ending on bytes: as a String, "\r\n" is a single Character.
        var end = line.count
        while end > 0, line[end - 1] == UInt8(ascii: "\r") || line[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[..<end]), as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            // A new status line starts a new response: what came before was a 1xx interim
            // response (or a proxy's CONNECT answer), whose fields must not leak into the result.
            headers = []
            headerBytes = line.count
            headersComplete = false
            let parts = text.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            return true
        }
        guard !text.isEmpty else {
            headersComplete = true
            return contentLengthIsAcceptable()
        }
        if let first = text.first, first == " " || first == "\t", !headers.isEmpty {
            // Obsolete line folding (RFC 9112 §5.2): the line continues the previous value.
            headers[headers.count - 1].value += " " + text.trimmingWhitespace()
            return true
        }
        guard let colon = text.firstIndex(of: ":") else { return true }
        let name = String(text[..<colon])
        let value = text[text.index(after: colon)...].trimmingWhitespace()
        headers.append(HTTPHeader(name, value))
        return true
    }

    /// Refuses a body announced larger than may be read before a byte of it arrives: a blob whose
    /// Content-Length exceeds its descriptor, or a document above `bodyLimit`.
    private func contentLengthIsAcceptable() -> Bool {
        guard !isHead, (200..<600).contains(status), status != 204, status != 304,
              let field = headers.last(where: { $0.name.lowercased() == "content-length" }),
              let announced = Int64(field.value) else { return true }
        if streams, let expectedBodySize, announced > expectedBodySize {
            failure = .bodyTooLarge(url: url, limit: Int(clamping: expectedBodySize))
            return false
        }
        if !streams, announced > Int64(bodyLimit) {
            failure = .bodyTooLarge(url: url, limit: bodyLimit)
            return false
        }
        return true
    }

    /// After libcurl finished: a streamed body shorter than expected (the peer cut it short and
    /// announced that shorter length) is a broken transfer worth another attempt, not a bad blob.
    func checkComplete() -> TransportError? {
        guard streams, let expectedBodySize, streamed < expectedBodySize else { return nil }
        return .shortBody(url: url, expected: expectedBodySize, received: streamed)
    }

    /// Takes one chunk of the response body; false stops the transfer.
    ///
    /// Only a 2xx body goes to `onBody`: an error document or a redirect page must not end up
    /// in the blob file being written, and the caller needs it in `HTTPResponse.body` to read
    /// the registry's error JSON.
    func receiveBody(_ chunk: UnsafeRawBufferPointer) -> Bool {
        if let onBody, streams {
            streamed += Int64(chunk.count)
            if let expectedBodySize, streamed > expectedBodySize {
                // Stops at the first byte beyond the descriptor's size: an endless body must not fill the disk.
                failure = .bodyTooLarge(url: url, limit: Int(clamping: expectedBodySize))
                return false
            }
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
