import Foundation

/// A proxy on a free loopback port in front of a plain-HTTP registry that sends blob download
/// bodies at `bytesPerSecond` (and, when asked, reads upload bodies as slowly), so a test can interrupt
/// a pull while blobs are still arriving or watch a push's progress.
/// Everything else passes through unchanged (Services/slow_proxy.py).
///
///     let registry = try TestRegistry.start(.plain)
///     let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 256 << 10)
///     // pull from "\(proxy.host)/repo:tag"
public final class SlowProxy: @unchecked Sendable {
    /// "127.0.0.1:PORT": use it in place of the registry's host.
    public let host: String
    private let group: ServiceGroup

    /// - Parameter slowUploads: also read blob upload bodies (PUT, PATCH) at `bytesPerSecond`.
    public static func start(upstream: String, bytesPerSecond: Int, slowUploads: Bool = false) throws -> SlowProxy {
        let group = try ServiceGroup(label: "slow-proxy")
        do {
            let service = try group.start(
                "slow-proxy", script: "slow_proxy.py",
                arguments: ["--upstream", upstream, "--bytes-per-second", String(bytesPerSecond),
                            "--log-file", group.directory.file("requests.log")] + (slowUploads ? ["--slow-uploads"] : []))
            return SlowProxy(host: "127.0.0.1:\(service.port)", group: group)
        } catch {
            group.stop()
            throw error
        }
    }

    private init(host: String, group: ServiceGroup) {
        self.host = host
        self.group = group
    }

    /// "METHOD target" for every request seen so far, in order.
    public var requestLog: [String] {
        let text = (try? String(contentsOfFile: group.directory.file("requests.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    public var logTail: String { group.logTail }

    /// Stops the proxy and deletes its files; safe to call more than once.
    public func stop() { group.stop() }
}
