import Foundation
import Synchronization
import Testing
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// Push → pull round trips through a proxy that, with a fixed seed, resets connections, answers
/// 5xx or 429 + Retry-After, cuts bodies short (with and without a matching Content-Length) and
/// stalls on about one request in ten, the way a flaky network and an overloaded registry do.
/// Transfers may fail; they may never hang, hand back wrong bytes or leave anything half-written.
@Suite("Fault soak", .enabled(if: TestRegistry.isAvailable && FaultProxy.isAvailable))
struct FaultSoakTests {
    static let roundTrips = 30
    static let seed = 20_261_129
    static let faultRate = 0.1
    /// A round trip of ~5 MiB with a few injected faults takes a few seconds; a minute means stuck.
    static let roundTripBound: TimeInterval = 60
    static let repository = "soak/app"
    /// Every third round runs without retries, so failures happen (and their clean-up is checked)
    /// however well the client retries.
    static func retries(inRound round: Int) -> Int { round % 3 == 2 ? 0 : 3 }

    @Test func roundTripsThroughARandomlyFaultyNetworkNeverCorruptHangOrHalfWrite() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .random(seed: Self.seed, rate: Self.faultRate))
        defer { proxy.stop() }
        let work = try TestScratch.folder("soak")
        defer { try? FileManager.default.removeItem(atPath: work) }
        let pulls = work + "/pulls"
        try FileManager.default.createDirectory(atPath: pulls, withIntermediateDirectories: true)
        let destination = pulls + "/layout"

        let retries = RetryCounter()
        var options = RegistryClientOptions()
        options.retryBaseDelay = 0.05
        options.maximumRetryDelay = 1
        options.userAgent = "wasmpack-soak"
        options.log = { line in
            if line.hasPrefix("retrying") || line.contains("starting a new upload session") { retries.add(line) }
        }
        let patient = RegistryClient(registry: RegistryHost(host: proxy.host, plainHTTP: false), credentials: .anonymous, options: options)
        options.retries = 0
        let impatient = RegistryClient(registry: RegistryHost(host: proxy.host, plainHTTP: false), credentials: .anonymous, options: options)

        var tally = SoakTally()
        let started = Date()
        for round in 0..<Self.roundTrips {
            let tag = "r\(round)"
            let image = try SoakImage.make(round: round, seed: UInt64(Self.seed), in: work + "/source-\(round)")
            let reference = try TransferFixture.reference(proxy.host, Self.repository, tag: tag)
            let client = Self.retries(inRound: round) == 0 ? impatient : patient

            // Push. Whatever happens, the registry must not name a blob it does not have.
            let push = Watchdog.run(bound: Self.roundTripBound) { () throws(RegistryError) -> Digest in
                try Pusher(client: client).push(layout: image.layout, tag: nil, to: reference).digest
            }
            guard let pushOutcome = push else {
                tally.hangs += 1
                Issue.record("round \(round): push did not finish within \(Self.roundTripBound) s\n\(proxy.logTail)")
                break
            }
            try expectTagIsWhole(registry: registry, tag: tag, round: round)
            switch pushOutcome {
            case .success(let digest):
                #expect(digest == image.manifestDigest, "round \(round)")
            case .failure(let error):
                tally.failed("push", error)
                continue
            }

            // Pull into a layout that already holds the earlier rounds.
            let before = try DirectorySnapshot(destination)
            let pull = Watchdog.run(bound: Self.roundTripBound) { () throws(RegistryError) -> PullResult in
                try Puller(client: client).pull(reference, into: destination)
            }
            guard let pullOutcome = pull else {
                tally.hangs += 1
                Issue.record("round \(round): pull did not finish within \(Self.roundTripBound) s\n\(proxy.logTail)")
                break
            }
            let after = try DirectorySnapshot(destination)
            let siblingsAfter = try FileManager.default.contentsOfDirectory(atPath: pulls).sorted()
            #expect(siblingsAfter == (after.exists ? ["layout"] : []),
                    "round \(round): staging left beside the layout: \(siblingsAfter)")
            switch pullOutcome {
            case .failure(let error):
                tally.failed("pull", error)
                #expect(after == before, "round \(round): a failed pull changed the layout: \(before.difference(to: after))")
            case .success(let result):
                tally.succeeded += 1
                #expect(result.digest == image.manifestDigest, "round \(round)")
                // Earlier rounds' files are untouched; only index.json and this round's blobs change.
                #expect(before.isKept(in: after, except: [OCILayout.indexFileName]), "round \(round): \(before.difference(to: after))")
                let pulled = OCILayout(root: destination)
                #expect(try pulled.descriptor(tag: tag).digest == image.manifestDigest, "round \(round)")
                for blob in image.blobs {
                    let path = pulled.blobPath(for: blob.digest)
                    let digest = try FileDigest.of(path)
                    let size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value
                    if digest != blob.digest || size != blob.size {
                        tally.corrupt += 1
                        Issue.record("round \(round): pulled blob \(blob.digest) holds \(digest)")
                    }
                }
            }
            try? FileManager.default.removeItem(atPath: work + "/source-\(round)")
        }

        let injected = proxy.injectedFaults.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")
        let failures = tally.failures.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        print("""
            fault soak: \(tally.attempted) round trips (every third without retries) in \(Int(Date().timeIntervalSince(started))) s, \
            \(tally.succeeded) whole, \(tally.failures.values.reduce(0, +)) failed [\(failures)], \
            \(tally.corrupt) corrupt, \(tally.hangs) hung; \(proxy.requestLog.count) requests, \
            \(proxy.faultLog.count) faults injected [\(injected)], \(retries.count) retries [\(retries.summary)]
            """)
        for (kind, message) in tally.examples.sorted(by: { $0.key < $1.key }) { print("  \(kind): \(message)") }
        #expect(tally.attempted == Self.roundTrips)
        #expect(tally.corrupt == 0)
        #expect(tally.hangs == 0)
        // A soak in which nothing goes wrong or nothing gets through proves nothing.
        #expect(proxy.faultLog.count >= Self.roundTrips)
        #expect(tally.succeeded >= Self.roundTrips / 2, "only \(tally.succeeded) round trips got through")
        #expect(!tally.failures.isEmpty, "no round trip failed, so the checks after a failure never ran")
    }

    /// GETs the tag's manifest straight from the registry (not through the proxy) and HEADs each
    /// blob it names: a tag may be missing after a failed push, but never point at a missing blob.
    func expectTagIsWhole(registry: TestRegistry, tag: String, round: Int) throws {
        let base = "\(registry.baseURL)/v2/\(Self.repository)"
        let manifest = try ExternalCommand.run("/usr/bin/curl", [
            "-s", "-w", "\n%{http_code}", "-H", "Accept: \(MediaType.ociImageManifest.rawValue)", "\(base)/manifests/\(tag)",
        ])
        let text = manifest.text
        let status = text.split(separator: "\n").last.map(String.init) ?? ""
        if status == "404" { return }
        #expect(status == "200", "round \(round): GET manifest \(tag) answered \(status)")
        guard status == "200" else { return }
        let body = Data(text.dropLast(status.count + 1).utf8)
        let parsed = try JSONDecoder().decode(ImageManifest.self, from: body)
        for blob in [parsed.config] + parsed.layers {
            let head = try ExternalCommand.run("/usr/bin/curl", ["-s", "-I", "-o", "/dev/null", "-w", "%{http_code}", "\(base)/blobs/\(blob.digest)"])
            #expect(head.text == "200", "round \(round): tag \(tag) names \(blob.digest), which the registry answers \(head.text)")
        }
    }
}

/// What the soak counts.
struct SoakTally {
    var succeeded = 0
    var corrupt = 0
    var hangs = 0
    /// "push: registry 503 UNAVAILABLE" and the like, by count.
    var failures: [String: Int] = [:]
    /// One message of each kind, for the log.
    var examples: [String: String] = [:]

    var attempted: Int { succeeded + failures.values.reduce(0, +) + hangs }

    mutating func failed(_ step: String, _ error: RegistryError) {
        let kind = "\(step): \(Self.kind(of: error))"
        failures[kind, default: 0] += 1
        examples[kind] = examples[kind] ?? error.description
    }

    /// "registry 503 UNAVAILABLE", "HTTP 502", "transport.connectionLost", "sizeMismatch"…
    static func kind(of error: RegistryError) -> String {
        switch error {
        case .registry(let status, let code, _, _): return "registry \(status) \(code)"
        case .unexpectedStatus(let status, _, _): return "HTTP \(status)"
        case .transport(let failure): return "transport." + caseName(failure)
        default: return caseName(error)
        }
    }

    /// An enum value's case name, without its associated values.
    static func caseName(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        guard mirror.displayStyle == .enum else { return "\(value)" }
        return mirror.children.first?.label ?? "\(value)"
    }
}

/// Counts the retries the client reports in its log ("retrying …", "… starting a new upload
/// session"), by their reason. Retries the client does not log are not counted.
final class RetryCounter: Sendable {
    private let lines = Mutex<[String]>([])

    func add(_ line: String) { lines.withLock { $0.append(line) } }

    var count: Int { lines.withLock { $0.count } }

    /// "HTTP 503=4 transport=7": the reasons retries were made for.
    var summary: String {
        var reasons: [String: Int] = [:]
        for line in lines.withLock({ $0 }) {
            let reason: String
            if let range = line.range(of: "after HTTP ") {
                reason = "HTTP " + line[range.upperBound...].prefix(3)
            } else if line.contains("after:") {
                reason = "transport"
            } else if line.contains("new upload session") {
                reason = "upload session"
            } else {
                reason = "other"
            }
            reasons[reason, default: 0] += 1
        }
        return reasons.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
    }
}

/// Runs work on its own thread and waits at most `bound` seconds for it: a transfer that hangs
/// fails the test instead of hanging it (its thread is abandoned; the proxy's stop ends it).
enum Watchdog {
    static func run<Value: Sendable>(
        bound: TimeInterval, _ work: @escaping @Sendable () throws(RegistryError) -> Value
    ) -> Result<Value, RegistryError>? {
        let outcome = Mutex<Result<Value, RegistryError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let result: Result<Value, RegistryError>
            do throws(RegistryError) { result = .success(try work()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        guard done.wait(timeout: .now() + bound) == .success else { return nil }
        return outcome.withLock { $0 }
    }
}

/// One round's image: a config and four layers of 512 B (the same every round, so pushes also
/// meet a blob the registry has), 64 KiB, 1.25 MiB and 2.5 MiB of seeded random bytes.
struct SoakImage {
    let layout: OCILayout
    let manifestDigest: Digest
    /// Every blob the manifest names (config first).
    let blobs: [Descriptor]

    static let layerSizes = [512, 64 << 10, 1_310_720, 2_621_440]
    static let layerType = MediaType("application/vnd.wasmpack.soak.layer")

    static func make(round: Int, seed: UInt64, in directory: String) throws -> SoakImage {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let transaction = try LayoutTransaction(destination: directory + "/layout")
        var layers: [Descriptor] = []
        for (index, size) in layerSizes.enumerated() {
            // Layer 0 is the same every round; the others are new each round.
            let file = directory + "/layer-\(index)"
            let bytes = SeededBytes.make(seed: index == 0 ? "\(seed)" : "\(seed)/\(round)/\(index)", count: size)
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            layers.append(try transaction.addBlob(copying: file, mediaType: layerType))
            try FileManager.default.removeItem(atPath: file)
        }
        let config = try transaction.addBlob(
            try JSONValueEncoder().bytes(ImageConfiguration(
                platform: .wasiWasm, rootfs: .init(diffIDs: []), config: .init(labels: ["soak.round": String(round)]))),
            mediaType: .ociImageConfig)
        let manifest = try transaction.addBlob(
            try JSONValueEncoder().bytes(ImageManifest(config: config, layers: layers)), mediaType: .ociImageManifest)
        transaction.tag(manifest, as: ["latest"])
        try transaction.commit()
        return SoakImage(layout: OCILayout(root: directory + "/layout"), manifestDigest: manifest.digest, blobs: [config] + layers)
    }
}

/// Bytes that depend only on a seed: the hex sha256 of "seed/counter", counter by counter.
enum SeededBytes {
    static func make(seed: String, count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count + 64)
        var counter = 0
        while bytes.count < count {
            // The hex text is enough: the bytes only need to differ by seed and be the same everywhere.
            bytes += SHA256Hasher.digest(of: Array("\(seed)/\(counter)".utf8)).encoded.utf8
            counter += 1
        }
        return Array(bytes.prefix(count))
    }
}

/// A file's sha256, read in pieces.
enum FileDigest {
    static func of(_ path: String) throws -> Digest {
        let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let hasher = SHA256Hasher()
        while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {
            data.withUnsafeBytes { hasher.update($0) }
        }
        return hasher.finalize()
    }
}

/// Every file under a folder with its size and sha256: equal snapshots mean same files, same bytes.
struct DirectorySnapshot: Equatable {
    let exists: Bool
    let files: [String: FileFacts]

    struct FileFacts: Equatable {
        var size: Int64
        var digest: Digest?
        var isSymbolicLink: Bool
    }

    init(_ root: String) throws {
        var isDirectory: ObjCBool = false
        exists = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory)
        var files: [String: FileFacts] = [:]
        if exists && isDirectory.boolValue {
            for relative in try FileManager.default.subpathsOfDirectory(atPath: root) {
                let path = root + "/" + relative
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                let type = attributes[.type] as? FileAttributeType
                let size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
                switch type {
                case .typeRegular?:
                    files[relative] = FileFacts(size: size, digest: try FileDigest.of(path), isSymbolicLink: false)
                case .typeSymbolicLink?:
                    files[relative] = FileFacts(size: size, digest: nil, isSymbolicLink: true)
                default:
                    files[relative + "/"] = FileFacts(size: 0, digest: nil, isSymbolicLink: false)
                }
            }
        }
        self.files = files
    }

    /// Whether every file here is in `other` with the same bytes, apart from `except`.
    func isKept(in other: DirectorySnapshot, except: Set<String>) -> Bool {
        files.allSatisfy { except.contains($0.key) || other.files[$0.key] == $0.value }
    }

    /// The paths added, removed or changed, to explain a failed expectation.
    func difference(to other: DirectorySnapshot) -> String {
        let added = Set(other.files.keys).subtracting(files.keys).sorted()
        let removed = Set(files.keys).subtracting(other.files.keys).sorted()
        let changed = files.keys.filter { other.files[$0] != nil && other.files[$0] != files[$0] }.sorted()
        return "added \(added), removed \(removed), changed \(changed)"
    }
}
