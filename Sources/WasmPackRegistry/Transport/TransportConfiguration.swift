#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// Settings that stay the same for every request an `HTTPTransport` makes.
public struct TransportConfiguration: Sendable {
    /// Sent as `User-Agent`, e.g. `wasmpack/0.1.0`; registries log it and some rate-limit by it.
    public var userAgent: String
    /// Seconds allowed for DNS, TCP and TLS set-up.
    public var connectTimeout: Int = 30
    /// Bytes per second below which a transfer counts as stalled. A stall detector rather than a
    /// total timeout, so a multi-gigabyte blob on a slow link is never cut off while it still moves.
    public var lowSpeedLimit: Int = 1024
    /// Seconds a transfer may stay below `lowSpeedLimit` before it fails with `timedOut`.
    public var lowSpeedTime: Int = 30
    /// Skips certificate and host name checks (`--insecure`). Plain `http` needs no such flag.
    public var insecureSkipTLSVerify: Bool = false
    /// A PEM bundle of trusted CAs (`--ca-file`); when nil, `SSL_CERT_FILE` from `environment`,
    /// else the system store.
    public var caFile: String? = nil
    /// Where proxy variables and `SSL_CERT_FILE` are read from. Injected so tests and callers
    /// control it; libcurl's own lookup in the process environment is switched off.
    public var environment: [String: String]

    public init(userAgent: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.userAgent = userAgent
        self.environment = environment
    }

    /// The proxy for a request to `url`, or "" for a direct connection.
    ///
    /// libcurl only reads lower-case `http_proxy` for `http` (a CGI server may set `HTTP_PROXY` from
    /// a request header — "httpoxy"), but wasmpack is no CGI program and users expect the Go
    /// convention of ggcr, containerd and oras: upper case first, then lower case, by scheme.
    /// `ALL_PROXY` is not read, as in Go.
    func proxy(for url: String) -> String {
        let scheme = url.prefix { $0 != ":" }.lowercased()
        switch scheme {
        case "http": return variable("HTTP_PROXY") ?? ""
        case "https": return variable("HTTPS_PROXY") ?? ""
        default: return ""
        }
    }

    /// Hosts that bypass the proxy (comma-separated names, `.suffix` domains, CIDR ranges or `*`),
    /// in libcurl's `CURLOPT_NOPROXY` syntax, which reads `NO_PROXY` values as Go does.
    var noProxy: String { variable("NO_PROXY") ?? "" }

    /// The CA bundle to trust, if one was named.
    var caBundle: String? {
        if let caFile { return caFile }
        guard let file = environment["SSL_CERT_FILE"], !file.isEmpty else { return nil }
        return file
    }

    /// `NAME` wins over `name`; an empty value counts as unset, as in Go and curl.
    private func variable(_ name: String) -> String? {
        for key in [name, name.lowercased()] {
            if let value = environment[key], !value.isEmpty { return value }
        }
        return nil
    }
}
