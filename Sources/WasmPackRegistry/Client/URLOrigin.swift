#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// Scheme, host and port of a URL, the unit credentials are bound to: Authorization is never sent
/// to another origin (ACR answers blob GETs with a 307 to Azure Storage, which rejects it).
struct URLOrigin: Equatable {
    var scheme: String
    var host: String
    var port: Int

    init?(_ text: String) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              let host = components.host?.lowercased() else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = components.port ?? (scheme == "https" ? 443 : 80)
    }

    /// Resolves a Location header against the URL of the request it answered (RFC 3986 §5).
    static func resolve(_ location: String, against base: String) -> String? {
        guard let baseURL = URL(string: base), let resolved = URL(string: location, relativeTo: baseURL) else { return nil }
        return resolved.absoluteURL.absoluteString
    }

    /// A URL for messages: no query (upload URLs carry state tokens there), no user info.
    static func redacted(_ url: String) -> String { TransportError.displayURL(url) }
}
