import Foundation
import Testing
@testable import WasmPackRegistry

/// `HTTPTransport` against a real HTTP/1.1 server (and proxy) on 127.0.0.1 that each test starts itself.
@Suite("HTTP transport")
struct TransportTests {
    /// What the server's `/echo` endpoint saw.
    struct Echo: Decodable {
        var method: String
        var target: String
        var headers: [[String]]
        var bodyLength: Int
        var sha256: String
        var bodyHex: String

        func header(_ name: String) -> String? {
            headers.first { $0[0].lowercased() == name.lowercased() }?[1]
        }

        init(_ response: HTTPResponse) throws {
            self = try JSONDecoder().decode(Echo.self, from: Data(response.body))
        }
    }

    static let userAgent = "wasmpack-tests/1"

    func transport(environment: [String: String] = [:], configure: (inout TransportConfiguration) -> Void = { _ in }) throws -> HTTPTransport {
        var configuration = TransportConfiguration(userAgent: Self.userAgent, environment: environment)
        configure(&configuration)
        return try HTTPTransport(configuration: configuration)
    }

    /// Asks the server something over a fresh handle, so the question does not disturb the handle under test.
    func serverState<Value: Decodable>(_ server: TransportTestServer, _ path: String, as type: Value.Type) throws -> Value {
        let response = try transport().perform(HTTPRequest(method: "GET", url: server.baseURL + path))
        return try JSONDecoder().decode(Value.self, from: Data(response.body))
    }

    struct ConnectTargets: Decodable { var targets: [String] }

    // MARK: Requests

    @Test func getSendsTheCallersHeadersAndUserAgentWithoutExpect() throws {
        let server = try TransportTestServer.shared()
        let response = try transport().perform(HTTPRequest(
            method: "GET", url: server.baseURL + "/echo?n=1", headers: [HTTPHeader("X-Test", "yes"), HTTPHeader("X-Empty", "")]))
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        let echo = try Echo(response)
        #expect(echo.method == "GET")
        #expect(echo.target == "/echo?n=1")
        #expect(echo.header("X-Test") == "yes")
        #expect(echo.header("X-Empty") == "")
        #expect(echo.header("User-Agent") == Self.userAgent)
        #expect(echo.header("Expect") == nil)
        #expect(echo.header("Accept-Encoding") == nil)
    }

    @Test func headReturnsHeadersWithoutBodyAndTheHandleStaysUsable() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport()
        let head = try transport.perform(HTTPRequest(method: "HEAD", url: server.baseURL + "/bytes/1000"))
        #expect(head.status == 200)
        #expect(head.header("Content-Length") == "1000")
        #expect(head.body.isEmpty)
        let get = try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/1000"))
        #expect(get.body.count == 1000)
    }

    @Test func putStreamsA100MiBSparseFile() throws {
        let server = try TransportTestServer.shared()
        let path = server.temporaryPath("sparse.bin")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let size: Int64 = 100 << 20
        try TransportTestServer.run("/usr/bin/env", ["truncate", "-s", String(size), path])
        let response = try transport().perform(HTTPRequest(
            method: "PUT", url: server.baseURL + "/echo", body: .file(path: path, offset: 0, length: size)))
        let echo = try Echo(response)
        #expect(echo.method == "PUT")
        #expect(echo.header("Content-Length") == String(size))
        #expect(echo.bodyLength == Int(size))
        // sha256 of 100 MiB of zero bytes.
        #expect(echo.sha256 == "20492a4d0d84f8beb1767f6616229f85d44c2827b64bdbfb260ee12fa1109e0e")
        #expect(echo.header("Expect") == nil)
        #expect(echo.header("Content-Type") == nil)
        #expect(echo.header("Transfer-Encoding") == nil)
    }

    @Test func patchSendsOnlyTheFileRange() throws {
        let server = try TransportTestServer.shared()
        let path = server.temporaryPath("chunk.bin")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = (0..<256).map { UInt8($0) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let response = try transport().perform(HTTPRequest(
            method: "PATCH", url: server.baseURL + "/echo",
            headers: [HTTPHeader("Content-Type", "application/octet-stream"), HTTPHeader("Content-Range", "10-109")],
            body: .file(path: path, offset: 10, length: 100)))
        let echo = try Echo(response)
        #expect(echo.method == "PATCH")
        #expect(echo.header("Content-Length") == "100")
        #expect(echo.header("Content-Type") == "application/octet-stream")
        #expect(echo.bodyHex == bytes[10..<110].map { String(format: "%02x", $0) }.joined())
    }

    @Test(arguments: ["POST", "PUT", "PATCH"])
    func bodylessUploadMethodsSendContentLengthZero(method: String) throws {
        let server = try TransportTestServer.shared()
        let response = try transport().perform(HTTPRequest(method: method, url: server.baseURL + "/echo"))
        let echo = try Echo(response)
        #expect(echo.method == method)
        #expect(echo.header("Content-Length") == "0")
        #expect(echo.header("Content-Type") == nil)
        #expect(echo.header("Transfer-Encoding") == nil)
        #expect(echo.bodyLength == 0)
    }

    @Test func postSendsBytesWithOnlyTheCallersContentType() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport()
        let json = Array(#"{"a":1}"#.utf8)
        let typed = try Echo(transport.perform(HTTPRequest(
            method: "POST", url: server.baseURL + "/echo", headers: [HTTPHeader("Content-Type", "application/json")], body: .bytes(json))))
        #expect(typed.header("Content-Type") == "application/json")
        #expect(typed.bodyHex == json.map { String(format: "%02x", $0) }.joined())
        let untyped = try Echo(transport.perform(HTTPRequest(method: "POST", url: server.baseURL + "/echo", body: .bytes(json))))
        #expect(untyped.header("Content-Type") == nil)
        #expect(untyped.header("Content-Length") == String(json.count))
    }

    @Test func deleteSendsNoBody() throws {
        let server = try TransportTestServer.shared()
        let echo = try Echo(transport().perform(HTTPRequest(method: "DELETE", url: server.baseURL + "/echo")))
        #expect(echo.method == "DELETE")
        #expect(echo.bodyLength == 0)
    }

    @Test func headersDoNotCarryOverToTheNextRequest() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport()
        _ = try transport.perform(HTTPRequest(
            method: "PUT", url: server.baseURL + "/echo", headers: [HTTPHeader("Authorization", "Bearer secret")], body: .bytes([1, 2, 3])))
        let echo = try Echo(transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/echo")))
        #expect(echo.method == "GET")
        #expect(echo.header("Authorization") == nil)
        #expect(echo.header("Content-Length") == nil)
    }

    // MARK: Responses

    @Test func bodyLimitIsEnforced() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport()
        #expect(try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/5000"), bodyLimit: 5000).body.count == 5000)
        let error = #expect(throws: TransportError.self) {
            try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/5000"), bodyLimit: 4999)
        }
        guard case .bodyTooLarge(_, 4999)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(error?.isBodyTooLarge == true)
        #expect(error?.isRetryable == false)
        // The aborted transfer leaves the handle usable.
        #expect(try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/10")).body.count == 10)
    }

    @Test func onBodyReceivesALargeBodyInChunksBeyondTheLimit() throws {
        let server = try TransportTestServer.shared()
        let size = 10 << 20
        var received = 0
        var chunks = 0
        var patternHolds = true
        let response = try transport().perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/\(size)"), bodyLimit: 1024) { chunk in
            for (index, byte) in chunk.enumerated() where byte != UInt8((received + index) % 251) { patternHolds = false }
            received += chunk.count
            chunks += 1
        }
        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        #expect(received == size)
        #expect(chunks > 1)
        #expect(patternHolds)
    }

    struct DiskFull: Error {}

    @Test func throwingFromOnBodyAbortsTheTransfer() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport()
        let error = #expect(throws: TransportError.self) {
            try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/\(4 << 20)")) { _ in throw DiskFull() }
        }
        guard case .aborted(_, let underlying)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(underlying is DiskFull)
        #expect(error?.isRetryable == false)
        #expect(try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/10")).status == 200)
    }

    @Test func errorBodiesAreCollectedInsteadOfStreamed() throws {
        let server = try TransportTestServer.shared()
        var streamed = 0
        let response = try transport().perform(HTTPRequest(method: "GET", url: server.baseURL + "/challenge")) { streamed += $0.count }
        #expect(response.status == 401)
        #expect(streamed == 0)
        #expect(String(decoding: response.body, as: UTF8.self).contains("UNAUTHORIZED"))
    }

    @Test func redirectsAreReturnedNotFollowed() throws {
        let server = try TransportTestServer.shared()
        let response = try transport().perform(HTTPRequest(method: "GET", url: server.baseURL + "/redirect"))
        #expect(response.status == 307)
        #expect(response.header("Location") == "/echo")
        #expect(response.body == Array("moved".utf8))
    }

    @Test func repeatedHeadersAreAllKeptInOrder() throws {
        let server = try TransportTestServer.shared()
        let response = try transport().perform(HTTPRequest(method: "GET", url: server.baseURL + "/challenge"))
        #expect(response.headers(named: "www-authenticate") == [
            #"Bearer realm="http://127.0.0.1/token",service="test""#, #"Basic realm="test""#,
        ])
        #expect(response.header("WWW-AUTHENTICATE")?.hasPrefix("Bearer ") == true)
        #expect(response.headers.filter { $0.name.hasPrefix("HTTP/") }.isEmpty)
    }

    @Test func fiveRequestsReuseOneConnection() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport()
        let requests = [
            HTTPRequest(method: "GET", url: server.baseURL + "/echo"),
            HTTPRequest(method: "HEAD", url: server.baseURL + "/bytes/100"),
            HTTPRequest(method: "PUT", url: server.baseURL + "/echo", body: .bytes(Array(repeating: 7, count: 100_000))),
            HTTPRequest(method: "POST", url: server.baseURL + "/echo"),
            HTTPRequest(method: "GET", url: server.baseURL + "/redirect"),
        ]
        var connections: [String?] = []
        for request in requests { connections.append(try transport.perform(request).header("X-Connection")) }
        #expect(connections.count == 5)
        #expect(connections[0] != nil)
        #expect(Set(connections).count == 1)
    }

    // MARK: Failures

    @Test func connectionClosedMidBodyIsRetryable() throws {
        let server = try TransportTestServer.shared()
        let error = #expect(throws: TransportError.self) {
            try transport().perform(HTTPRequest(method: "GET", url: server.baseURL + "/truncated"))
        }
        guard case .connectionLost? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(error?.isRetryable == true)
    }

    @Test func refusedConnectionIsRetryableAndItsMessageHidesSecrets() throws {
        let port = try TransportTestServer.shared().closedPort
        let error = #expect(throws: TransportError.self) {
            try transport().perform(HTTPRequest(
                method: "GET", url: "http://user:hunter2@127.0.0.1:\(port)/v2/blobs/uploads/abc?_state=secret&sig=s3cr3t",
                headers: [HTTPHeader("Authorization", "Bearer t0ken")]))
        }
        guard case .couldNotConnect(let url, _)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(url == "http://127.0.0.1:\(port)/v2/blobs/uploads/abc")
        #expect(error?.isRetryable == true)
        let message = error.map(String.init(describing:)) ?? ""
        for secret in ["hunter2", "secret", "s3cr3t", "t0ken"] { #expect(!message.contains(secret)) }
    }

    @Test func stalledTransferTimesOut() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport { $0.lowSpeedLimit = 1000; $0.lowSpeedTime = 1 }
        let error = #expect(throws: TransportError.self) {
            try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/stall"))
        }
        guard case .timedOut? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(error?.isRetryable == true)
    }

    @Test func headerLineBreaksAreRejectedWithoutEchoingTheValue() throws {
        let server = try TransportTestServer.shared()
        let error = #expect(throws: TransportError.self) {
            try transport().perform(HTTPRequest(
                method: "GET", url: server.baseURL + "/echo", headers: [HTTPHeader("Authorization", "Bearer t0ken\r\nX-Injected: 1")]))
        }
        guard case .invalidRequest? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(!String(describing: error!).contains("t0ken"))
    }

    @Test func missingOrShortUploadFilesFailBeforeSending() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport()
        let absent = server.temporaryPath("absent")
        let missing = #expect(throws: TransportError.self) {
            try transport.perform(HTTPRequest(method: "PUT", url: server.baseURL + "/echo", body: .file(path: absent, offset: 0, length: 1)))
        }
        guard case .fileError(_, let path, _)? = missing else { Issue.record("unexpected \(String(describing: missing))"); return }
        #expect(path == absent)
        let short = server.temporaryPath("short.bin")
        defer { try? FileManager.default.removeItem(atPath: short) }
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: short))
        let beyond = #expect(throws: TransportError.self) {
            try transport.perform(HTTPRequest(method: "PUT", url: server.baseURL + "/echo", body: .file(path: short, offset: 2, length: 2)))
        }
        guard case .fileError? = beyond else { Issue.record("unexpected \(String(describing: beyond))"); return }
    }

    // MARK: Proxies

    @Test(arguments: [
        ["HTTP_PROXY": "PROXY"],
        ["http_proxy": "PROXY"],
        // Upper case wins over lower case.
        ["HTTP_PROXY": "PROXY", "http_proxy": "CLOSED"],
    ])
    func httpProxyReceivesTheAbsoluteURL(variables: [String: String]) throws {
        let server = try TransportTestServer.shared()
        let closed = server.closedPort
        let environment = variables.mapValues { $0 == "PROXY" ? server.proxyURL : "http://127.0.0.1:\(closed)" }
        let response = try transport(environment: environment).perform(HTTPRequest(method: "GET", url: "http://registry.example/echo?x=1"))
        let echo = try Echo(response)
        #expect(echo.target == "http://registry.example/echo?x=1")
        #expect(echo.header("Host") == "registry.example")
    }

    @Test(arguments: ["NO_PROXY", "no_proxy"])
    func noProxyBypassesTheProxy(variable: String) throws {
        let server = try TransportTestServer.shared()
        let closed = server.closedPort
        let environment = ["HTTP_PROXY": "http://127.0.0.1:\(closed)", variable: "example.com,127.0.0.1"]
        let echo = try Echo(transport(environment: environment).perform(HTTPRequest(method: "GET", url: server.baseURL + "/echo")))
        #expect(echo.target == "/echo")
    }

    @Test func httpsProxyReceivesConnectAndItsRefusalIsReported() throws {
        let server = try TransportTestServer.shared()
        let host = "\(UUID().uuidString.lowercased()).example"
        let transport = try transport(environment: ["HTTPS_PROXY": server.proxyURL, "https_proxy": "http://127.0.0.1:\(server.closedPort)"])
        let error = #expect(throws: TransportError.self) {
            try transport.perform(HTTPRequest(method: "GET", url: "https://\(host)/v2/"))
        }
        guard case .proxyRefused(let url, 403)? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(url == "https://\(host)/v2/")
        #expect(error?.isRetryable == false)
        #expect(try serverState(server, "/connects", as: ConnectTargets.self).targets.contains("\(host):443"))
    }

    @Test func httpProxyIsNotUsedForHTTPS() throws {
        let server = try TransportTestServer.shared()
        let target = "127.0.0.1:\(server.closedPort)"
        let error = #expect(throws: TransportError.self) {
            try transport(environment: ["HTTP_PROXY": server.proxyURL]).perform(HTTPRequest(method: "GET", url: "https://\(target)/v2/"))
        }
        guard case .couldNotConnect? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(try !serverState(server, "/connects", as: ConnectTargets.self).targets.contains(target))
    }

    // MARK: TLS

    @Test func untrustedCertificateIsATLSErrorThatIsNotRetried() throws {
        let server = try TransportTestServer.shared()
        let error = #expect(throws: TransportError.self) {
            try transport().perform(HTTPRequest(method: "GET", url: "https://localhost:\(server.tlsPort)/echo"))
        }
        guard case .tls? = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(error?.isRetryable == false)
        #expect(String(describing: error!).contains("--ca-file"))
    }

    @Test(arguments: ["caFile", "SSL_CERT_FILE", "insecure"])
    func certificateIsAcceptedWhenTrustedOrVerificationIsOff(trust: String) throws {
        let server = try TransportTestServer.shared()
        let environment = trust == "SSL_CERT_FILE" ? ["SSL_CERT_FILE": server.certificatePath] : [:]
        let transport = try transport(environment: environment) { configuration in
            if trust == "caFile" { configuration.caFile = server.certificatePath }
            if trust == "insecure" { configuration.insecureSkipTLSVerify = true }
        }
        let echo = try Echo(transport.perform(HTTPRequest(method: "GET", url: "https://localhost:\(server.tlsPort)/echo")))
        #expect(echo.method == "GET")
    }

    @Test func httpsThroughAProxyTunnelReturnsOnlyTheRegistrysHeaders() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport(environment: ["HTTPS_PROXY": server.proxyURL]) { $0.caFile = server.certificatePath }
        // Only the proxy can reach names under .invalid, so success proves the tunnel was used.
        let base = "https://registry.tunnel.invalid:\(server.tlsPort)"
        let response = try transport.perform(HTTPRequest(method: "GET", url: base + "/challenge"))
        #expect(response.status == 401)
        #expect(response.headers(named: "WWW-Authenticate").count == 2)
        // The proxy's "200 Connection established" carries its own X-Connection; only the registry's remains.
        #expect(response.headers(named: "X-Connection").count == 1)
        let echo = try Echo(transport.perform(HTTPRequest(method: "PUT", url: base + "/echo", body: .bytes([1]))))
        #expect(echo.header("Host") == "registry.tunnel.invalid:\(server.tlsPort)")
    }

    // MARK: Values

    @Test(arguments: [
        ("https://registry.example/v2/x/blobs/uploads/1?_state=abc#frag", "https://registry.example/v2/x/blobs/uploads/1"),
        ("https://user:pa@ss@registry.example:5000/v2/", "https://registry.example:5000/v2/"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("not a url?x=1", "not a url"),
    ])
    func displayURLDropsQueryFragmentAndCredentials(url: String, shown: String) {
        #expect(TransportError.displayURL(url) == shown)
    }

    @Test func proxySelectionFollowsTheSchemeAndPrefersUpperCase() {
        let configuration = TransportConfiguration(userAgent: "t", environment: [
            "HTTP_PROXY": "http://upper", "http_proxy": "http://lower", "https_proxy": "http://secure", "NO_PROXY": "", "no_proxy": ".internal",
        ])
        #expect(configuration.proxy(for: "http://registry/v2/") == "http://upper")
        #expect(configuration.proxy(for: "HTTPS://registry/v2/") == "http://secure")
        #expect(configuration.noProxy == ".internal")
        #expect(TransportConfiguration(userAgent: "t", environment: [:]).proxy(for: "https://registry/") == "")
    }
}
