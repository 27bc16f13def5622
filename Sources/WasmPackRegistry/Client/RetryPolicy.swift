#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// Which failures are retried and how long to wait: exponential back-off with jitter, and the
/// registry's Retry-After where it gives one (ACR throttles with 429 + Retry-After).
struct RetryPolicy: Sendable {
    var retries: Int
    var baseDelay: Double
    var maximumDelay: Double

    static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    func delay(attempt: Int, retryAfter: String?) -> Double {
        if let retryAfter, let seconds = Self.seconds(fromRetryAfter: retryAfter) {
            return min(max(seconds, 0), 60)
        }
        let exponential = baseDelay * pow(2, Double(attempt))
        let jitter = exponential * Double.random(in: -0.2...0.2)
        return min(exponential + jitter, maximumDelay)
    }

    /// Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
    static func seconds(fromRetryAfter value: String, now: Date = Date()) -> Double? {
        let trimmed = value.trimmedWhitespace
        if let seconds = Double(trimmed) { return seconds }
        return HTTPDate.secondsSince1970(trimmed).map { Date(timeIntervalSince1970: Double($0)).timeIntervalSince(now) }
    }

    func sleep(seconds: Double) {
        SystemThread.sleep(seconds: seconds)
    }
}
