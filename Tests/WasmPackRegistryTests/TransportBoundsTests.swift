import Foundation
import Testing
@testable import WasmPackRegistry

/// The limits `HTTPTransport` puts on what a peer may make it read (issue 7 items 4 and 17).
@Suite("HTTP transport bounds")
struct TransportBoundsTests {
    func transport() throws -> HTTPTransport {
        try HTTPTransport(configuration: TransportConfiguration(userAgent: "wasmpack-tests/1", environment: [:]))
    }

    @Test func aHEADsContentLengthIsNotABodyToRefuse() throws {
        let server = try TransportTestServer.shared()
        // A HEAD of a 10 MiB blob announces 10 MiB and sends nothing: no limit applies.
        let response = try transport().perform(HTTPRequest(method: "HEAD", url: server.baseURL + "/bytes/\(10 << 20)"), bodyLimit: 1024)
        #expect(response.status == 200)
        #expect(response.header("Content-Length") == String(10 << 20))
    }

    @Test func aStreamedBodyMustBeExactlyTheExpectedSize() throws {
        let server = try TransportTestServer.shared()
        let transport = try transport()
        var received = 0
        _ = try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/5000"), expectedBodySize: 5000) { received += $0.count }
        #expect(received == 5000)

        received = 0
        let tooLong = #expect(throws: TransportError.self) {
            try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/5000"), expectedBodySize: 4999) { received += $0.count }
        }
        guard case .bodyTooLarge(_, 4999)? = tooLong else { Issue.record("unexpected \(String(describing: tooLong))"); return }
        // Refused on its Content-Length, before a byte was handed over.
        #expect(received == 0)

        let tooShort = #expect(throws: TransportError.self) {
            try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/5000"), expectedBodySize: 5001) { _ in }
        }
        guard case .shortBody(_, 5001, 5000)? = tooShort else { Issue.record("unexpected \(String(describing: tooShort))"); return }
        #expect(tooShort?.isRetryable == true)
        // The handle stays usable after each refusal.
        #expect(try transport.perform(HTTPRequest(method: "GET", url: server.baseURL + "/bytes/10")).body.count == 10)
    }
}
