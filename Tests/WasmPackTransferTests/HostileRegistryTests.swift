import Foundation
import Synchronization
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// What the client refuses, bounds and retries when a registry misbehaves on purpose (issue 7).
@Suite("A hostile registry", .enabled(if: HostileRegistry.isAvailable))
struct HostileRegistryTests {
    /// Lines the client logged (its `--verbose` output).
    final class Log: Sendable {
        private let lines = Mutex<[String]>([])
        func record(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    static func client(
        _ registry: HostileRegistry, credentials: RegistryCredentials = .anonymous, retries: Int = 2, log: Log? = nil
    ) -> RegistryClient {
        var options = RegistryClientOptions()
        options.retries = retries
        options.retryBaseDelay = 0.05
        options.stallTimeout = 2
        options.userAgent = "wasmpack-tests"
        if let log { options.log = { log.record($0) } }
        return RegistryClient(registry: RegistryHost(host: registry.host, plainHTTP: false), credentials: credentials, options: options)
    }

    static func basic(_ registry: HostileRegistry) -> RegistryCredentials {
        .basic(username: HostileRegistry.username, password: registry.password)
    }

    /// Pulls the seed image (2-byte config, 2-byte layer) into a fresh folder; returns the error, if any,
    /// the folder's parent (which must stay empty after a failure) and the seconds it took.
    static func pullSeed(
        _ registry: HostileRegistry, client: RegistryClient? = nil
    ) throws -> (error: RegistryError?, parent: String, seconds: Double) {
        let parent = try TestScratch.folder("hostile")
        let started = Date()
        do {
            _ = try Puller(client: client ?? Self.client(registry)).pull(
                try Reference(parsing: "\(registry.host)/hostile/app:seed"), into: parent + "/out")
            return (nil, parent, Date().timeIntervalSince(started))
        } catch let error as RegistryError {
            return (error, parent, Date().timeIntervalSince(started))
        }
    }

    // MARK: - Item 1: credentials stay on their origin

    @Test(arguments: [HostileRegistry.Auth.basic, .bearer], [false, true])
    func credentialsNeverGoToAnUploadLocationOnAnotherOrigin(auth: HostileRegistry.Auth, chunked: Bool) throws {
        let registry = try HostileRegistry.start(.foreignUploadLocation, auth: auth)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.wasmToOCI)
        var options = PushOptions()
        if chunked {
            options.chunkedUploadThreshold = 0
            options.chunkSize = 64
        }
        let pushed = try Pusher(client: Self.client(registry, credentials: Self.basic(registry)), options: options)
            .push(layout: layout, tag: nil, to: try Reference(parsing: "\(registry.host)/leak/app:v1"))
        #expect(pushed.digest == digest)
        let foreign = registry.foreignRequests
        #expect(!foreign.isEmpty, "the uploads never reached the other origin: \(registry.logTail)")
        #expect(foreign.allSatisfy { $0.hasSuffix("authorization=no") }, "\(foreign)")
        if chunked { #expect(foreign.contains { $0.hasPrefix("PATCH ") }) }
    }

    // MARK: - Item 4: downloads stop at the descriptor's size

    @Test func anEndlessBlobBodyStopsAtTheDescriptorsSize() throws {
        let registry = try HostileRegistry.start(.endlessBlob)
        defer { registry.stop() }
        let (error, parent, seconds) = try Self.pullSeed(registry)
        guard case .tooLarge(_, 2)? = error else {
            Issue.record("expected the 2-byte blob to be refused as too large, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("is larger than 2 bytes") == true, "\(String(describing: error))")
        #expect(seconds < 10)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test func aContentLengthAboveTheDescriptorFailsBeforeReading() throws {
        let registry = try HostileRegistry.start(.oversizedBlob)
        defer { registry.stop() }
        let (error, parent, _) = try Self.pullSeed(registry)
        guard case .tooLarge(_, 2)? = error else {
            Issue.record("expected the 2-byte blob to be refused as too large, got \(String(describing: error))")
            return
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test func aManifestOverFourMebibytesIsRefusedAsTheManifest() throws {
        let registry = try HostileRegistry.start(.hugeManifest)
        defer { registry.stop() }
        let (error, _, _) = try Self.pullSeed(registry)
        #expect(error?.description.contains("the manifest of \(registry.host)/hostile/app:seed is larger than 4194304 bytes") == true,
                "\(String(describing: error))")
    }

    // MARK: - Item 10: a token answer too large is named as such

    @Test func aTokenAnswerOverTheCapIsNamedAsTheTokenAnswer() throws {
        let registry = try HostileRegistry.start(.hugeToken, auth: .bearer)
        defer { registry.stop() }
        let (error, _, _) = try Self.pullSeed(registry, client: Self.client(registry, credentials: Self.basic(registry)))
        let text = error?.description ?? ""
        #expect(text.contains("the token service's answer from http://\(registry.host)/token is larger than 1048576 bytes"), "\(text)")
        #expect(!text.contains("manifest"), "\(text)")
    }

    // MARK: - Item 11: the registry's own error, and that retries ran out

    @Test func aRegistryInMaintenanceIsReportedWithItsOwnErrorAndTheRetries() throws {
        let registry = try HostileRegistry.start(.unavailablePing)
        defer { registry.stop() }
        let (error, _, _) = try Self.pullSeed(registry)
        let text = error?.description ?? ""
        #expect(text.contains("registry: UNAVAILABLE: maintenance until 14:00 UTC"), "\(text)")
        #expect(text.contains("gave up after 2 retries"), "\(text)")
        #expect(!text.contains("is not an OCI registry"), "\(text)")
        #expect(registry.requestLog.filter { $0 == "GET /v2/" }.count == 3)
    }

    @Test func retriesRunningOutOnABlobSaySo() throws {
        let registry = try HostileRegistry.start(.shortBody)
        defer { registry.stop() }
        let (error, _, _) = try Self.pullSeed(registry)
        let text = error?.description ?? ""
        #expect(text.contains("ended after 1 of 2 bytes") && text.contains("gave up after 2 retries"), "\(text)")
    }

    @Test func anHTMLGatewayPageOnEveryRequestIsReportedAsSuch() throws {
        let registry = try HostileRegistry.start(.htmlErrors)
        defer { registry.stop() }
        let (error, _, _) = try Self.pullSeed(registry)
        let text = error?.description ?? ""
        #expect(text.contains("HTML page") && text.contains("gave up after 2 retries"), "\(text)")
    }

    // MARK: - Item 12: response headers are capped

    @Test(arguments: [HostileRegistry.Behaviour.hugeHeader, .manyHeaders])
    func oversizedResponseHeadersAreNamed(behaviour: HostileRegistry.Behaviour) throws {
        let registry = try HostileRegistry.start(behaviour)
        defer { registry.stop() }
        let (error, _, _) = try Self.pullSeed(registry)
        let text = error?.description ?? ""
        #expect(text.contains("the registry sent response headers larger than 65536 bytes in one line or 262144 bytes in all"), "\(text)")
        #expect(!text.contains("Out of memory"), "\(text)")
    }

    // MARK: - Item 16: a tag's manifest must match the registry's digest of it

    @Test func aTagWhoseDockerContentDigestDisagreesFailsThePull() throws {
        let registry = try HostileRegistry.start(.wrongDigestHeader)
        defer { registry.stop() }
        let (error, parent, _) = try Self.pullSeed(registry)
        guard case .digestMismatch? = error else {
            Issue.record("expected a digest mismatch, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("Docker-Content-Digest") == true)
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    // MARK: - Item 17: stalls and short bodies are retried, Retry-After is honoured

    @Test(arguments: [HostileRegistry.Behaviour.stall, .stallBody, .shortBody])
    func aStalledOrCutShortBlobIsRetriedAndSaidSoUnderVerbose(behaviour: HostileRegistry.Behaviour) throws {
        let registry = try HostileRegistry.start(behaviour, count: 1, stallSeconds: 30)
        defer { registry.stop() }
        let log = Log()
        let (error, _, seconds) = try Self.pullSeed(registry, client: Self.client(registry, log: log))
        #expect(error == nil, "\(String(describing: error))")
        #expect(seconds < 15)
        #expect(log.all.contains { $0.hasPrefix("retrying GET http://\(registry.host)/v2/hostile/app/blobs/sha256:") }, "\(log.all)")
    }

    @Test(arguments: ["1", "http-date"])
    func retryAfterOnAHEADIsHonoured(retryAfter: String) throws {
        // An HTTP date has one-second resolution: two seconds ahead waits at least one.
        let value = retryAfter == "http-date" ? Self.httpDate(secondsFromNow: 2) : retryAfter
        let registry = try HostileRegistry.start(.throttleHead, count: 1, retryAfter: value)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.wasmToOCI)
        let started = Date()
        let log = Log()
        let pushed = try Pusher(client: Self.client(registry, log: log))
            .push(layout: layout, tag: nil, to: try Reference(parsing: "\(registry.host)/throttled/app:v1"))
        #expect(pushed.digest == digest)
        #expect(Date().timeIntervalSince(started) >= 0.9, "\(log.all)")
        #expect(log.all.contains { $0.hasPrefix("retrying HEAD ") && $0.contains("after HTTP 429") }, "\(log.all)")
    }

    @Test func retryAfterOnARefusedUploadSessionIsHonoured() throws {
        let registry = try HostileRegistry.start(.throttleUpload, count: 1, retryAfter: "1")
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.wasmToOCI)
        let log = Log()
        let started = Date()
        var options = PushOptions()
        options.concurrency = 1
        let pushed = try Pusher(client: Self.client(registry, log: log), options: options)
            .push(layout: layout, tag: nil, to: try Reference(parsing: "\(registry.host)/throttled/app:v1"))
        #expect(pushed.digest == digest)
        #expect(Date().timeIntervalSince(started) >= 0.9, "\(log.all)")
        #expect(log.all.contains { $0.contains("starting a new upload session") }, "\(log.all)")
    }

    @Test func retryAfterOnThePingIsHonoured() throws {
        let registry = try HostileRegistry.start(.unavailablePing, count: 1, retryAfter: "1")
        defer { registry.stop() }
        let (error, _, seconds) = try Self.pullSeed(registry)
        #expect(error == nil, "\(String(describing: error))")
        #expect(seconds >= 0.9)
    }

    static func httpDate(secondsFromNow: Double) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: Date().addingTimeInterval(secondsFromNow))
    }
}
