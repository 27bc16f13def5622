#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import Synchronization

/// Bearer tokens per registry host, service and scope set, kept until shortly before they expire,
/// so one token fetch serves every request of a push.
final class TokenCache: Sendable {
    struct Key: Hashable {
        var host: String
        var service: String
        var scopes: [Scope]
    }

    private struct Entry {
        var token: String
        var expires: Date
    }

    private let entries = Mutex<[Key: Entry]>([:])

    func token(for key: Key, now: Date = Date()) -> String? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            return entry.expires > now ? entry.token : nil
        }
    }

    /// The newest valid token for a host whose scopes cover `scopes` (a push token also serves pulls).
    func token(host: String, covering scopes: [Scope], now: Date = Date()) -> (Key, String)? {
        entries.withLock { entries in
            for (key, entry) in entries where key.host == host && entry.expires > now {
                let covers = scopes.allSatisfy { wanted in
                    key.scopes.contains { $0.resourceType == wanted.resourceType && $0.resourceName == wanted.resourceName
                        && (Set(wanted.actions).isSubset(of: Set($0.actions)) || $0.actions.contains("*")) }
                }
                if covers { return (key, entry.token) }
            }
            return nil
        }
    }

    func store(_ token: String, for key: Key, lifetime: Int, now: Date = Date()) {
        // Renew 10 s early so a token never expires between the check and the request.
        let expires = now.addingTimeInterval(TimeInterval(max(lifetime - 10, 1)))
        entries.withLock { $0[key] = Entry(token: token, expires: expires) }
    }

    func remove(_ key: Key) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
