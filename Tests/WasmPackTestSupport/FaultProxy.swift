import Foundation

/// An HTTP/1.1 proxy on a free loopback port in front of a plain-HTTP registry that injects one
/// kind of fault, for failure tests. Bodies stream through; `Location` headers that name the
/// upstream are rewritten to name the proxy, so a client keeps talking through it. Token services
/// are not proxied: a Bearer challenge still names the real realm.
///
///     let registry = try TestRegistry.start(.plain)
///     let proxy = try FaultProxy.start(upstream: registry.host, fault: .failFirst(count: 2, status: 503, retryAfter: 1))
///     // push to "\(proxy.host)/repo:tag"; proxy.requestLog shows what the client sent
public final class FaultProxy: @unchecked Sendable {
    public enum Fault: Sendable {
        /// Forward everything unchanged.
        case none
        /// Flip the first byte of `GET /v2/*/blobs/<digest>` response bodies; length and headers stay.
        case corruptBlobBodies
        /// Replace `Docker-Content-Digest` on manifest GET and PUT responses with another sha256.
        case wrongManifestDigestHeader
        /// The first `count` requests get `status`, an errors JSON body (code TOOMANYREQUESTS for
        /// 429, UNAVAILABLE for 503) and, when given, `Retry-After: retryAfter`.
        case failFirst(count: Int, status: Int, retryAfter: Int?)
        /// The first PUT or PATCH to a blob upload URL: read `afterBytes` body bytes, then reset
        /// the connection without an answer. Later uploads go through.
        case dropConnectionDuringBlobUpload(afterBytes: Int)
        /// Like `dropConnectionDuringBlobUpload`, but every response closes its connection, so the
        /// dropped request was on a fresh one: libcurl does not resend it and the client must resume.
        case dropFreshConnectionDuringBlobUpload(afterBytes: Int)
        /// Every request gets `status` with an HTML page, like a misconfigured gateway.
        case htmlErrorPage(status: Int)
    }

    /// "127.0.0.1:PORT": use it in place of the registry's host.
    public let host: String
    public let fault: Fault

    private let group: ServiceGroup

    /// Whether the proxy can run here (it needs /usr/bin/python3); see `TestRegistry.isAvailable`.
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1"
            || FileManager.default.isExecutableFile(atPath: ServiceProcess.python)
    }

    /// Starts a proxy to `upstream` ("host:port", plain HTTP) and returns once it listens.
    public static func start(upstream: String, fault: Fault) throws -> FaultProxy {
        let group = try ServiceGroup(label: "fault-proxy")
        do {
            let service = try group.start(
                "fault-proxy", script: "fault_proxy.py",
                arguments: ["--upstream", upstream, "--log-file", group.directory.file("requests.log")] + fault.arguments)
            return FaultProxy(host: "127.0.0.1:\(service.port)", fault: fault, group: group)
        } catch {
            group.stop()
            throw error
        }
    }

    private init(host: String, fault: Fault, group: ServiceGroup) {
        self.host = host
        self.fault = fault
        self.group = group
    }

    /// "METHOD target" for every request seen so far, in order; the target keeps its query string.
    /// Headers are never recorded: they carry credentials.
    public var requestLog: [String] {
        let text = (try? String(contentsOfFile: group.directory.file("requests.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// The end of the proxy's log, to attach to a failing expectation.
    public var logTail: String {
        group.logTail
    }

    /// Stops the proxy and deletes its files; safe to call more than once.
    public func stop() {
        group.stop()
    }
}

extension FaultProxy.Fault {
    /// The command line of Services/fault_proxy.py for this fault.
    var arguments: [String] {
        switch self {
        case .none:
            return ["--fault", "none"]
        case .corruptBlobBodies:
            return ["--fault", "corrupt-blob-bodies"]
        case .wrongManifestDigestHeader:
            return ["--fault", "wrong-manifest-digest-header"]
        case .failFirst(let count, let status, let retryAfter):
            return ["--fault", "fail-first", "--count", String(count), "--status", String(status)]
                + (retryAfter.map { ["--retry-after", String($0)] } ?? [])
        case .dropConnectionDuringBlobUpload(let afterBytes):
            return ["--fault", "drop-upload", "--after-bytes", String(afterBytes)]
        case .dropFreshConnectionDuringBlobUpload(let afterBytes):
            return ["--fault", "drop-upload-fresh", "--after-bytes", String(afterBytes)]
        case .htmlErrorPage(let status):
            return ["--fault", "html-error", "--status", String(status)]
        }
    }
}
