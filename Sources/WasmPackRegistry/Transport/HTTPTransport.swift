import CCurl
import WasmPackOCI

/// One libcurl easy handle, reused across requests so connections are kept alive.
/// Not thread-safe: one per worker.
public final class HTTPTransport {
    public let configuration: TransportConfiguration

    private let handle: UnsafeMutableRawPointer
    /// libcurl writes its detailed message here; it names hosts and causes, never header values.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// `curl_global_init` must run once before any handle exists; a static let runs it exactly
    /// once even when several workers create transports at the same time.
    private static let globalInit: CURLcode = curl_global_init(Int(CURL_GLOBAL_DEFAULT))

    /// Larger than libcurl's 16 KiB / 64 KiB defaults: fewer callbacks into Swift and fewer
    /// `pread` calls per blob, which matters for multi-gigabyte layers.
    private static let bufferSize = 256 << 10

    public init(configuration: TransportConfiguration) throws(TransportError) {
        let initialised = Self.globalInit
        guard initialised == CURLE_OK else {
            throw .unavailable(detail: String(cString: curl_easy_strerror(initialised)))
        }
        guard let handle = curl_easy_init() else {
            throw .unavailable(detail: "curl_easy_init failed")
        }
        self.configuration = configuration
        self.handle = handle
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(handle)
        errorBuffer.deallocate()
    }

    /// Performs exactly one HTTP exchange and NEVER follows redirects (the caller handles 3xx itself,
    /// because it must decide whether credentials may go to the new host).
    ///
    /// Request bodies stream from memory or from the file range (never load a file whole).
    /// Without `onBody`, the response body is collected in memory up to `bodyLimit` bytes (beyond:
    /// `.bodyTooLarge`). With `onBody`, each received chunk of a 2xx response is handed over as it
    /// arrives (for streaming to a file while hashing); a throw aborts the transfer (`.aborted`).
    /// Bodies of other statuses (error JSON, redirect pages) are always collected, within `bodyLimit`.
    /// With `expectedBodySize`, a streamed 2xx body must be exactly that long: a larger
    /// Content-Length fails before the body is read, the byte after it stops the transfer
    /// (`.bodyTooLarge`), and a complete but shorter body is `.shortBody` (retryable).
    /// Response headers are capped (`.headersTooLarge`).
    public func perform(
        _ request: HTTPRequest,
        bodyLimit: Int = 4 << 20,
        expectedBodySize: Int64? = nil,
        onBody: ((UnsafeRawBufferPointer) throws -> Void)? = nil
    ) throws(TransportError) -> HTTPResponse {
        let url = TransportError.displayURL(request.url)
        let method = request.method.uppercased()
        let sendsBody: Bool
        switch (method, request.body) {
        case ("GET", .none), ("HEAD", .none), ("DELETE", .none): sendsBody = false
        case ("GET", _), ("HEAD", _): throw .invalidRequest(url: url, detail: "\(method) cannot carry a body")
        default: sendsBody = true
        }
        let state = TransferState(
            requestBody: try RequestBodyReader(request.body, url: url),
            url: url, isHead: method == "HEAD", bodyLimit: bodyLimit, expectedBodySize: expectedBodySize, onBody: onBody,
            onProgress: request.onProgress
        )
        let headerList = try Self.headerList(for: request, url: url)
        defer { curl_slist_free_all(headerList) }

        // Clears every option of the previous request (method, body, headers, callbacks) while the
        // connection cache survives, so keep-alive still works.
        curl_easy_reset(handle)
        errorBuffer[0] = 0
        try applyConfiguration(url: request.url, displayURL: url)
        try set(CURLOPT_URL, request.url, url)
        try set(CURLOPT_HTTPHEADER, headerList, url)

        switch method {
        case "GET":
            try set(CURLOPT_HTTPGET, 1, url)
        case "HEAD":
            try set(CURLOPT_NOBODY, 1, url)
        default:
            try set(CURLOPT_CUSTOMREQUEST, method, url)
        }
        let context = Unmanaged.passUnretained(state).toOpaque()
        if sendsBody {
            // UPLOAD streams through the read callback with a known Content-Length, for every
            // method: unlike POSTFIELDS it adds no default Content-Type, and with length 0 it
            // still sends `Content-Length: 0`, which registries require on POST/PUT.
            try set(CURLOPT_UPLOAD, 1, url)
            try check(wasmpack_setopt_off_t(handle, CURLOPT_INFILESIZE_LARGE, curl_off_t(state.requestBody.length)), url)
            try check(wasmpack_setopt_ptr(handle, CURLOPT_READDATA, context), url)
            try check(wasmpack_setopt_read_callback(handle, CURLOPT_READFUNCTION) { buffer, size, count, context in
                let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
                guard let buffer else { return Int(CURL_READFUNC_ABORT) }
                return state.requestBody.read(into: buffer, capacity: size * count) ?? Int(CURL_READFUNC_ABORT)
            }, url)
            // Lets libcurl rewind when it resends the request after a reused connection died.
            try check(wasmpack_setopt_ptr(handle, CURLOPT_SEEKDATA, context), url)
            try check(wasmpack_setopt_seek_callback(handle, CURLOPT_SEEKFUNCTION) { context, offset, origin in
                let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
                guard origin == SEEK_SET, state.requestBody.seek(to: Int64(offset)) else { return CURL_SEEKFUNC_CANTSEEK }
                return CURL_SEEKFUNC_OK
            }, url)
        }
        // The progress callback (set with the configuration) reads the transfer's byte counts from here.
        try check(wasmpack_setopt_ptr(handle, CURLOPT_XFERINFODATA, context), url)
        try check(wasmpack_setopt_ptr(handle, CURLOPT_HEADERDATA, context), url)
        try check(wasmpack_setopt_write_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, context in
            let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
            // Returning fewer bytes than offered makes libcurl stop with CURLE_WRITE_ERROR.
            return state.receiveHeader(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }, url)
        try check(wasmpack_setopt_ptr(handle, CURLOPT_WRITEDATA, context), url)
        try check(wasmpack_setopt_write_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, context in
            let state = Unmanaged<TransferState>.fromOpaque(context!).takeUnretainedValue()
            // Returning fewer bytes than offered makes libcurl stop with CURLE_WRITE_ERROR.
            return state.receiveBody(UnsafeRawBufferPointer(start: data, count: size * count)) ? size * count : 0
        }, url)

        let code = withExtendedLifetime(state) { curl_easy_perform(handle) }
        guard code == CURLE_OK else {
            if let failure = state.failure ?? state.requestBody.failure { throw failure }
            // libcurl 7.88 refuses a header line above its own 100 KiB buffer before our callback
            // sees it, and calls that "Out of memory".
            if code == CURLE_OUT_OF_MEMORY && !state.headersComplete {
                throw .headersTooLarge(url: url, lineLimit: TransferState.headerLineLimit, totalLimit: TransferState.headerTotalLimit)
            }
            throw error(for: code, url: url)
        }
        if let short = state.checkComplete() { throw short }
        var status = 0
        _ = wasmpack_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: state.headers, body: state.body)
    }

    /// Options that come from `configuration` and so are the same for every request; set again
    /// after each `curl_easy_reset`.
    private func applyConfiguration(url: String, displayURL: String) throws(TransportError) {
        try check(wasmpack_setopt_ptr(handle, CURLOPT_ERRORBUFFER, errorBuffer), displayURL)
        // libcurl would otherwise use signals for DNS timeouts, which is unsafe with threads.
        try set(CURLOPT_NOSIGNAL, 1, displayURL)
        try set(CURLOPT_PROTOCOLS_STR, "http,https", displayURL)
        try set(CURLOPT_FOLLOWLOCATION, 0, displayURL)
        try set(CURLOPT_USERAGENT, configuration.userAgent, displayURL)
        try set(CURLOPT_CONNECTTIMEOUT, configuration.connectTimeout, displayURL)
        try set(CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedLimit, displayURL)
        try set(CURLOPT_LOW_SPEED_TIME, configuration.lowSpeedTime, displayURL)
        try set(CURLOPT_TCP_KEEPALIVE, 1, displayURL)
        // CONNECT answers from a proxy are not part of the registry's response.
        try set(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1, displayURL)
        try set(CURLOPT_BUFFERSIZE, Self.bufferSize, displayURL)
        try set(CURLOPT_UPLOAD_BUFFERSIZE, Self.bufferSize, displayURL)
        // An interrupt (Ctrl-C) stops every transfer, stalled ones too, before staging is removed.
        try set(CURLOPT_NOPROGRESS, 0, displayURL)
        // The same callback feeds a request's `onProgress` (throttled in `TransferState`).
        try check(wasmpack_setopt_xferinfo_callback(handle, CURLOPT_XFERINFOFUNCTION) { context, _, received, _, sent in
            if ProcessCancellation.isRequested { return 1 }
            if let context {
                Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue().progress(sent: Int64(sent), received: Int64(received))
            }
            return 0
        }, displayURL)
        // CURLOPT_ACCEPT_ENCODING stays unset: blobs are hashed as received, so nothing may be decoded.

        let insecure = configuration.insecureSkipTLSVerify
        try set(CURLOPT_SSL_VERIFYPEER, insecure ? 0 : 1, displayURL)
        try set(CURLOPT_SSL_VERIFYHOST, insecure ? 0 : 2, displayURL)
        if let caBundle = configuration.caBundle {
            try set(CURLOPT_CAINFO, caBundle, displayURL)
        }

        // Always set, even to "": an unset PROXY/NOPROXY makes libcurl read the process
        // environment itself (lower-case only for http), which could disagree with `environment`.
        try set(CURLOPT_PROXY, configuration.proxy(for: url), displayURL)
        try set(CURLOPT_NOPROXY, configuration.noProxy, displayURL)
    }

    /// The caller's headers in libcurl's list form, plus `Expect:` (empty value = do not send), which
    /// stops libcurl waiting up to 1 s for a `100 Continue` many registries and proxies never send.
    private static func headerList(for request: HTTPRequest, url: String) throws(TransportError) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = []
        for header in request.headers {
            // A CR or LF would let a value start a new header or request (header injection). Checked
            // on UTF-8 bytes because "\r\n" is one Character and would slip past a Character test.
            let breaksLine: (UInt8) -> Bool = { $0 == 0x0D || $0 == 0x0A || $0 == 0 }
            guard !header.name.isEmpty,
                  !header.name.utf8.contains(where: { breaksLine($0) || $0 == UInt8(ascii: ":") || $0 == 0x20 || $0 == 0x09 }),
                  !header.value.utf8.contains(where: breaksLine)
            else {
                // Only the name is reported (without control characters): values may be credentials.
                let name = String(decoding: header.name.utf8.filter { $0 >= 0x20 }, as: UTF8.self)
                throw .invalidRequest(url: url, detail: "header '\(name)' has a malformed name or value")
            }
            // "Name:" would tell libcurl to remove the header; "Name;" sends it with an empty value.
            lines.append(header.value.isEmpty ? "\(header.name);" : "\(header.name): \(header.value)")
        }
        if !request.headers.contains(where: { $0.name.lowercased() == "expect" }) {
            lines.append("Expect:")
        }
        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                curl_slist_free_all(list)
                throw .unavailable(detail: "out of memory building the header list")
            }
            list = appended
        }
        return list
    }

    private func set(_ option: CURLoption, _ value: Int, _ url: String) throws(TransportError) {
        try check(wasmpack_setopt_long(handle, option, value), url)
    }

    private func set(_ option: CURLoption, _ value: String, _ url: String) throws(TransportError) {
        try check(wasmpack_setopt_string(handle, option, value), url)
    }

    private func set(_ option: CURLoption, _ value: UnsafeMutablePointer<curl_slist>?, _ url: String) throws(TransportError) {
        try check(wasmpack_setopt_slist(handle, option, value), url)
    }

    private func check(_ code: CURLcode, _ url: String) throws(TransportError) {
        guard code == CURLE_OK else { throw error(for: code, url: url) }
    }

    /// Sorts a libcurl failure into the cases callers act on (retry, fix TLS, fix the proxy).
    private func error(for code: CURLcode, url: String) -> TransportError {
        let message = String(cString: errorBuffer)
        let detail = message.isEmpty ? String(cString: curl_easy_strerror(code)) : message
        // libcurl 7.88 reports a refused CONNECT as a generic receive/connect error; the
        // proxy's status tells the real story and must not look like a retryable network blip.
        var connectStatus = 0
        if wasmpack_getinfo_long(handle, CURLINFO_HTTP_CONNECTCODE, &connectStatus) == CURLE_OK,
           connectStatus != 0, !(200..<300).contains(connectStatus) {
            return .proxyRefused(url: url, status: connectStatus)
        }
        switch code {
        case CURLE_UNSUPPORTED_PROTOCOL, CURLE_URL_MALFORMAT, CURLE_BAD_FUNCTION_ARGUMENT:
            return .invalidRequest(url: url, detail: detail)
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .couldNotResolve(url: url, detail: detail)
        case CURLE_COULDNT_CONNECT, CURLE_PROXY:
            return .couldNotConnect(url: url, detail: detail)
        case CURLE_OPERATION_TIMEDOUT:
            return .timedOut(url: url, detail: detail)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
             CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED,
             CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls(url: url, detail: detail)
        case CURLE_SEND_ERROR, CURLE_RECV_ERROR, CURLE_PARTIAL_FILE, CURLE_GOT_NOTHING, CURLE_HTTP2, CURLE_HTTP2_STREAM:
            return .connectionLost(url: url, detail: detail)
        default:
            return .other(url: url, code: Int(code.rawValue), detail: detail)
        }
    }
}
