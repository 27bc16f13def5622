import Foundation

/// One request the test registry answered, read from its access log (distribution writes one
/// Apache combined-format line per request, 401s included), so tests can count round trips.
public struct RegistryRequest: Sendable, Equatable, CustomStringConvertible {
    public var method: String
    /// The request target as sent: path and query.
    public var uri: String
    public var status: Int

    public var description: String { "\(method) \(uri) → \(status)" }

    /// `127.0.0.1 - - [29/Nov/2026:20:53:15 +0000] "HEAD /v2/x/manifests/v1 HTTP/1.1" 404 92 "" "curl/7.88.1"`;
    /// nil for every other line of the log.
    init?(accessLogLine line: Substring) {
        guard let open = line.firstIndex(of: "\""), line[..<open].hasSuffix("] ") else { return nil }
        let rest = line[line.index(after: open)...]
        guard let close = rest.firstIndex(of: "\"") else { return nil }
        let requestLine = rest[..<close].split(separator: " ")
        let after = rest[rest.index(after: close)...].split(separator: " ")
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/"), let status = after.first.flatMap({ Int($0) }) else { return nil }
        self.method = String(requestLine[0])
        self.uri = String(requestLine[1])
        self.status = status
    }

    /// The requests of a registry log, in the order they were answered.
    static func parse(log: String) -> [RegistryRequest] {
        log.split(separator: "\n").compactMap { RegistryRequest(accessLogLine: $0) }
    }

    /// The client address and port (`http.request.remoteaddr`) of each request the registry's
    /// application handled, in order: one distinct address per TCP connection. Requests refused by
    /// the auth layer have no such line, so count connections against a registry without auth.
    static func remoteAddresses(log: String) -> [String] {
        let key = "http.request.remoteaddr=\""
        return log.split(separator: "\n").compactMap { line -> String? in
            guard line.contains("msg=\"response completed"), let start = line.range(of: key)?.upperBound,
                  let end = line[start...].firstIndex(of: "\"") else { return nil }
            return String(line[start..<end])
        }
    }
}
