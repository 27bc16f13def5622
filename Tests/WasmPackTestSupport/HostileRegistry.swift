import Foundation

/// A small in-memory registry on a free loopback port that misbehaves in one chosen way, for tests
/// of what the client must refuse, bound and retry (Services/hostile_registry.py lists every
/// behaviour). Push and pull work against it; every repository also holds a seed image under the
/// tag `seed` (a 2-byte config `{}` and a 2-byte wasm layer), so a pull needs no push first.
///
///     let registry = try HostileRegistry.start(.endlessBlob)
///     defer { registry.stop() }
///     // pull "\(registry.host)/any/repo:seed"
public final class HostileRegistry: @unchecked Sendable {
    public enum Behaviour: String, Sendable, CaseIterable {
        /// Behave.
        case none
        /// Upload Locations (POST and PATCH answers) name a second listener on 127.0.0.2, another
        /// origin, which records whether each request carried Authorization (`foreignRequests`).
        case foreignUploadLocation = "foreign-upload-location"
        /// Blob GET: 200 with a chunked body that does not end (bounded at 1 GiB / 60 s).
        case endlessBlob = "endless-blob"
        /// Blob GET: `Content-Length` 1 MiB above the blob's size, and that many bytes.
        case oversizedBlob = "oversized-blob"
        /// Blob GET: `Content-Length` one byte short, and only those bytes.
        case shortBody = "short-body"
        /// Blob GET: the request is read and never answered.
        case stall
        /// Blob GET: headers and the first byte, then silence.
        case stallBody = "stall-body"
        /// Every response carries one 1 MiB header line.
        case hugeHeader = "huge-header"
        /// Every response carries 512 header lines of 1 KiB.
        case manyHeaders = "many-headers"
        /// `GET /v2/`: 503 with `UNAVAILABLE: maintenance until 14:00 UTC` as a distribution error body.
        case unavailablePing = "unavailable-ping"
        /// Manifest GET: a `Docker-Content-Digest` that is not the body's sha256.
        case wrongDigestHeader = "wrong-digest-header"
        /// Manifest GET: a 5 MiB body.
        case hugeManifest = "huge-manifest"
        /// The token service answers 2 MiB of JSON (use with `auth: .bearer`).
        case hugeToken = "huge-token"
        /// HEAD of blobs and manifests: 429 with `Retry-After`.
        case throttleHead = "throttle-head"
        /// POST of a new upload session: 429 with `Retry-After`.
        case throttleUpload = "throttle-upload"
        /// Every request: 502 with an HTML page, like a broken gateway.
        case htmlErrors = "html-errors"
    }

    public enum Auth: String, Sendable {
        case none
        /// A Basic challenge; `username`/`password` are the credentials it accepts.
        case basic
        /// A Bearer challenge whose realm is the registry's own `/token` (Basic credentials there).
        case bearer
    }

    /// The credentials `.basic` and `.bearer` accept.
    public static let username = "hostile"
    public let password: String
    /// "127.0.0.1:PORT": use it in an image reference.
    public let host: String
    /// "127.0.0.2:PORT": the other origin of `.foreignUploadLocation`.
    public let foreignHost: String
    public let behaviour: Behaviour

    private let group: ServiceGroup

    public static var isAvailable: Bool { FaultProxy.isAvailable }

    /// - Parameters:
    ///   - count: misbehave on the first `count` requests the behaviour applies to only (nil: always).
    ///   - retryAfter: the `Retry-After` value sent with 429/503 answers (seconds or an HTTP date).
    ///   - stallSeconds: how long a stalled answer holds its connection at most.
    public static func start(
        _ behaviour: Behaviour, auth: Auth = .none, count: Int? = nil, retryAfter: String? = nil, stallSeconds: Double = 120
    ) throws -> HostileRegistry {
        let group = try ServiceGroup(label: "hostile-registry")
        do {
            let password = UUID().uuidString.lowercased()
            var arguments = [
                "--log-file", group.directory.file("requests.log"), "--behaviour", behaviour.rawValue,
                "--auth", auth.rawValue, "--stall-seconds", String(stallSeconds),
            ]
            if auth != .none {
                arguments += ["--username", username, "--password-file", try group.directory.write("password", password)]
            }
            if let count { arguments += ["--count", String(count)] }
            if let retryAfter { arguments += ["--retry-after", retryAfter] }
            let service = try group.start("hostile-registry", script: "hostile_registry.py", arguments: arguments)
            struct Ready: Decodable { var foreignPort: Int }
            let ready = try JSONDecoder().decode(
                Ready.self, from: Data(contentsOf: URL(fileURLWithPath: group.directory.file("hostile-registry.ready"))))
            return HostileRegistry(
                host: "127.0.0.1:\(service.port)", foreignHost: "127.0.0.2:\(ready.foreignPort)", password: password,
                behaviour: behaviour, group: group)
        } catch {
            group.stop()
            throw error
        }
    }

    private init(host: String, foreignHost: String, password: String, behaviour: Behaviour, group: ServiceGroup) {
        self.host = host
        self.foreignHost = foreignHost
        self.password = password
        self.behaviour = behaviour
        self.group = group
    }

    /// "METHOD target" for every request the main listener saw, in order (never headers).
    public var requestLog: [String] { lines(of: "requests.log") }

    /// "METHOD path authorization=yes|no" for every request the foreign listener saw.
    public var foreignRequests: [String] { lines(of: "foreign.log") }

    /// The end of the service's log, to attach to a failing expectation.
    public var logTail: String { group.logTail }

    /// Stops the service and deletes its files; safe to call more than once.
    public func stop() { group.stop() }

    private func lines(of file: String) -> [String] {
        let text = (try? String(contentsOfFile: group.directory.file(file), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }
}
