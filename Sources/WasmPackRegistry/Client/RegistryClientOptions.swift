#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// How a `RegistryClient` talks to its registry.
public struct RegistryClientOptions: Sendable {
    /// Use http for a host that is not loopback (`--plain-http`). Loopback hosts use http anyway.
    public var plainHTTP = false
    /// Skip TLS certificate verification (`--insecure`); a different thing from plain HTTP.
    public var insecureSkipTLSVerify = false
    public var caFile: String?
    /// Further attempts after a failure that is safe to retry (`--retries`).
    public var retries = 3
    /// The first back-off delay; doubled per attempt with ±20 % jitter.
    public var retryBaseDelay: Double = 0.5
    public var maximumRetryDelay: Double = 30
    /// Seconds a transfer may move less than 1 KiB/s before it counts as stalled and is retried
    /// where that is safe. A stall detector, not a total timeout: a slow but moving blob is never cut off.
    public var stallTimeout = 30
    public var userAgent = "wasmpack"
    public var environment: [String: String] = ProcessInfo.processInfo.environment
    /// Receives one line per request (method, URL without query, status) for `--verbose`. No headers, ever.
    public var log: (@Sendable (String) -> Void)?

    public init() {}
}
