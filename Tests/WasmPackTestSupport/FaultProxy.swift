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
        /// `GET /v2/<name>/tags/list` in pages, as distribution 3 serves it and 2.8 cannot: tags
        /// sorted, `?n=` honoured, `Link: <…?n=N&last=T>; rel="next"` while more remain.
        case paginateTags
        /// HEAD answers without `Docker-Content-Digest`, which the spec leaves optional.
        case noDigestOnHead
        /// Each request, with probability `rate`, gets one of `kinds` drawn by a generator seeded
        /// with `seed` (a flaky network, for soak tests); the rest pass unchanged. 429 answers carry
        /// `Retry-After: retryAfter`. Concurrent requests take draws in arrival order.
        case random(seed: Int, rate: Double, kinds: [RandomFault] = RandomFault.allCases, retryAfter: Int = 1)
    }

    /// What `Fault.random` injects; the raw values are the names in `injectedFaults`.
    public enum RandomFault: String, CaseIterable, Sendable {
        /// Reset the connection before the request reaches the registry.
        case reset
        /// The registry handles the request, the client gets a reset instead of its answer.
        case resetAfterForward = "reset-after-forward"
        case status500 = "500"
        case status502 = "502"
        case status503 = "503"
        case status504 = "504"
        /// 429 TOOMANYREQUESTS with Retry-After.
        case tooManyRequests = "429"
        /// 0.2–1 s before the request is forwarded.
        case delay
        /// GET only: the registry's headers and length, part of the body, then a reset.
        case truncate
        /// GET only: a Content-Length cut to match a shortened body, so the response looks whole.
        case truncateWithShortLength = "truncate-short-length"
        /// GET only: part of the body, 0.7–1.5 s of silence, then the rest.
        case delayMidBody = "delay-body"
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
                arguments: ["--upstream", upstream, "--log-file", group.directory.file("requests.log"),
                            "--fault-log", group.directory.file("faults.log")] + fault.arguments)
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

    /// With `Fault.random`: "KIND METHOD target" for every fault injected so far, in order.
    public var faultLog: [String] {
        let text = (try? String(contentsOfFile: group.directory.file("faults.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// With `Fault.random`: how many faults of each kind were injected so far.
    public var injectedFaults: [RandomFault: Int] {
        var counts: [RandomFault: Int] = [:]
        for line in faultLog {
            if let kind = line.split(separator: " ").first.flatMap({ RandomFault(rawValue: String($0)) }) {
                counts[kind, default: 0] += 1
            }
        }
        return counts
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
        case .paginateTags:
            return ["--fault", "paginate-tags"]
        case .noDigestOnHead:
            return ["--fault", "no-head-digest"]
        case .random(let seed, let rate, let kinds, let retryAfter):
            return ["--fault", "random", "--seed", String(seed), "--rate", String(rate),
                    "--kinds", kinds.map(\.rawValue).joined(separator: ","), "--retry-after", String(retryAfter)]
        }
    }
}
