import Foundation
import Synchronization
import WasmPackTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// A fresh folder for one bad-input row, laid out the same way every time:
///
///     app/       a copy of testdata/v2-multi (rows break it)
///     out/       an existing, valid layout (testdata/v1-wagi built once per run)
///     extract/   an existing folder with keep.txt in it
///
/// Commands run inside it, so rows name these relative paths.
struct BadInputSandbox: Sendable {
    let root: String

    var app: String { root + "/app" }
    var out: String { root + "/out" }

    static let testdata = CommandLineTests.testdata

    init() throws {
        root = try TestScratch.folder("bad")
        // Only the app's own files: other tests build into testdata/v2-multi/.wasmpack at the same
        // time, and a copy caught mid-commit would bring their staging folder along.
        try FileManager.default.createDirectory(atPath: app, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.testdata + "/v2-multi") where !name.hasPrefix(".") {
            try FileManager.default.copyItem(atPath: Self.testdata + "/v2-multi/" + name, toPath: app + "/" + name)
        }
        try FileManager.default.copyItem(atPath: try PrebuiltLayout.path(), toPath: out)
        try FileManager.default.createDirectory(atPath: root + "/extract", withIntermediateDirectories: true)
        try write("extract/keep.txt", "kept\n")
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        try write(relative, Data(text.utf8))
    }

    func write(_ relative: String, _ bytes: Data) throws {
        try? FileManager.default.removeItem(atPath: path(relative))
        try bytes.write(to: URL(fileURLWithPath: path(relative)))
    }

    func remove(_ relative: String) throws {
        try FileManager.default.removeItem(atPath: path(relative))
    }

    /// Replaces `relative` with a symbolic link to `target`.
    func link(_ relative: String, to target: String) throws {
        try? FileManager.default.removeItem(atPath: path(relative))
        try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: target)
    }

    /// Replaces `relative` with a FIFO (nothing ever writes to it: a reader that opens it blocks).
    func fifo(_ relative: String) throws {
        try? FileManager.default.removeItem(atPath: path(relative))
        guard mkfifo(path(relative), 0o644) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    func directory(_ relative: String) throws {
        try? FileManager.default.removeItem(atPath: path(relative))
        try FileManager.default.createDirectory(atPath: path(relative), withIntermediateDirectories: true)
    }

    /// A listening Unix socket at `relative` (bound, then left: the file stays).
    func socket(_ relative: String) throws {
        let descriptor = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path(relative).utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { throw CocoaError(.fileWriteUnknown) }
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in bytes.enumerated() { buffer[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    /// Flips one byte of a file in place, keeping its size.
    func flipByte(_ relative: String, at offset: Int) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path(relative)))
        data[offset] ^= 0x01
        try data.write(to: URL(fileURLWithPath: path(relative)))
    }

    func append(_ relative: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(relative)))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Every entry under a folder (hidden ones too) with its type and, for regular files, its bytes.
/// Walks without following links and never opens anything but regular files, so a FIFO that a
/// row planted cannot block it.
struct TreeSnapshot: Equatable {
    enum Entry: Equatable {
        case file(Data)
        case directory
        case link(String)
        case other(String)
    }

    let entries: [String: Entry]

    init(_ root: String) throws {
        var entries: [String: Entry] = [:]
        func walk(_ relative: String) throws {
            let path = relative.isEmpty ? root : root + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: path) {
                let child = relative.isEmpty ? name : relative + "/" + name
                let full = root + "/" + child
                let type = try FileManager.default.attributesOfItem(atPath: full)[.type] as? FileAttributeType
                switch type {
                case .typeRegular?:
                    entries[child] = .file(try Data(contentsOf: URL(fileURLWithPath: full)))
                case .typeDirectory?:
                    entries[child] = .directory
                    try walk(child)
                case .typeSymbolicLink?:
                    entries[child] = .link((try? FileManager.default.destinationOfSymbolicLink(atPath: full)) ?? "?")
                default:
                    entries[child] = .other(type?.rawValue ?? "unknown")
                }
            }
        }
        try walk("")
        self.entries = entries
    }

    /// What changed, to explain a failed expectation.
    func difference(to other: TreeSnapshot) -> String {
        let added = Set(other.entries.keys).subtracting(entries.keys).sorted()
        let removed = Set(entries.keys).subtracting(other.entries.keys).sorted()
        let changed = entries.keys.filter { other.entries[$0] != nil && other.entries[$0] != entries[$0] }.sorted()
        return "added \(added), removed \(removed), changed \(changed)"
    }

    /// Names that only a staging or partial write leaves behind.
    var stagingLeftovers: [String] {
        entries.keys.filter { path in
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return name.contains("wasmpack-staging") || name.contains("wasmpack-extract") || name.contains("wasmpack-partial")
                || (name.hasPrefix(".") && name.contains(".extract-"))
        }.sorted()
    }
}

/// testdata/v1-wagi built once per test run by the real CLI; each row copies it to `out/`.
enum PrebuiltLayout {
    private static let built = Mutex<Result<String, any Error>?>(nil)

    /// Its manifest, config and only layer (fixed: the build is reproducible).
    static let manifestDigest = "sha256:2493d38d5e9ac4836088d02fa05a5af736b5f359537c2ec7dd2f198b6437168d"
    static let configDigest = "sha256:3b973bbc1e62d218e1890912abd4b45b0210cd680f9562ff953786aa74fef1ee"
    static let layerDigest = "sha256:c1670b2e2b7d6cd6534e5393e165dc453766e8b1395f982881c2a008f2703d79"

    static func blob(_ digest: String) -> String { "out/blobs/sha256/" + digest.dropFirst("sha256:".count) }

    static func path() throws -> String {
        try built.withLock { cached in
            if let cached { return try cached.get() }
            let result = Result { () throws -> String in
                let directory = TestScratch.path("bad-prebuilt")
                let run = try Wasmpack(timeout: 60).run(["build", BadInputSandbox.testdata + "/v1-wagi", "-o", directory + "/layout"], in: "/", isolatedHome: true)
                guard run.status == 0 else { throw SandboxSetupFailure(what: "building the prebuilt layout: \(run.stderr)") }
                return directory + "/layout"
            }
            cached = result
            return try result.get()
        }
    }
}

/// The registry and fault proxies the registry rows talk to, started once per test run and
/// shared; the registry holds `good/app:v1` (the prebuilt layout). Services end with the test process.
final class BadInputPeers: @unchecked Sendable {
    static let shared = BadInputPeers()

    private let lock = NSLock()
    private var registry: TestRegistry?
    private var proxies: [String: FaultProxy] = [:]
    private var hostiles: [String: HostileRegistry] = [:]

    /// The hostile registry with this behaviour and auth, started on first use.
    func hostile(_ behaviour: HostileRegistry.Behaviour, _ auth: HostileRegistry.Auth) throws -> HostileRegistry {
        try lock.withLock {
            let key = "\(behaviour.rawValue)/\(auth.rawValue)"
            if let registry = hostiles[key] { return registry }
            let registry = try HostileRegistry.start(behaviour, auth: auth, retryAfter: "1", stallSeconds: 5)
            hostiles[key] = registry
            return registry
        }
    }

    func registryHost() throws -> String {
        try lock.withLock { try startedRegistry().host }
    }

    /// The proxy called `name` (one per fault), in front of the shared registry.
    func proxy(_ name: String, _ fault: FaultProxy.Fault) throws -> FaultProxy {
        try lock.withLock {
            if let proxy = proxies[name] { return proxy }
            let proxy = try FaultProxy.start(upstream: try startedRegistry().host, fault: fault)
            proxies[name] = proxy
            return proxy
        }
    }

    private func startedRegistry() throws -> TestRegistry {
        if let registry { return registry }
        let started = try TestRegistry.start(.plain)
        let push = try Wasmpack(timeout: 60).run(["push", "\(started.host)/good/app:v1", "--layout", try PrebuiltLayout.path()], in: "/", isolatedHome: true)
        guard push.status == 0 else {
            started.stop()
            throw SandboxSetupFailure(what: "pushing good/app:v1: \(push.stderr)")
        }
        registry = started
        return started
    }
}

/// A shared fixture of the bad-input rows that could not be made.
struct SandboxSetupFailure: Error, CustomStringConvertible {
    let what: String
    var description: String { "setup failed: \(what)" }
}
