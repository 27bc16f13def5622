import Foundation
import Testing
@testable import WasmPackRegistry
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A push sends only bytes it has verified: blobs that are not regular files inside the layout
/// or are missing fail before any upload session, and content that does not hash to its name is
/// stopped before its last bytes, so the registry never gets it (and never a manifest naming it).
@Suite("Push verifies what it sends", .enabled(if: TestRegistry.isAvailable))
struct PushVerificationTests {
    enum Damage: String, CaseIterable, Sendable {
        case symlinkToPasswd, fifo, missing, directory
    }

    /// A registry behind a pass-through proxy, and a freshly built image layout to damage.
    private struct Setup {
        let registry: TestRegistry
        let proxy: FaultProxy
        let layout: OCILayout

        init() throws {
            registry = try TestRegistry.start(.plain)
            do {
                proxy = try FaultProxy.start(upstream: registry.host, fault: .none)
                layout = try TransferFixture.layout(.image).layout
            } catch {
                registry.stop()
                throw error
            }
        }

        func stop() {
            proxy.stop()
            registry.stop()
        }
    }

    /// Pushes `layout` through a pass-through proxy whose request log shows what reached the registry.
    private func push(_ layout: OCILayout, registry: TestRegistry, proxy: FaultProxy, repository: String, options: PushOptions = PushOptions()) -> RegistryError? {
        do {
            _ = try Pusher(client: TransferFixture.client(for: registry, host: proxy.host), options: options)
                .push(layout: layout, tag: nil, to: try TransferFixture.reference(proxy.host, repository))
            return nil
        } catch let error as RegistryError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    private func layerPath(_ layout: OCILayout) throws -> (Descriptor, String) {
        let layer = try layout.manifest(try layout.descriptor(tag: nil)).layers[0]
        return (layer, layout.blobPath(for: layer.digest))
    }

    /// What the registry answers to HEAD of a blob, asked directly (not through wasmpack).
    private func registryStatus(_ registry: TestRegistry, _ path: String) throws -> String {
        try ExternalCommand.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-I", registry.baseURL + path]).text
    }

    @Test(arguments: Damage.allCases)
    func aBlobThatIsNotARegularFileInTheLayoutFailsBeforeAnyUpload(damage: Damage) throws {
        let setup = try Setup()
        defer { setup.stop() }
        let (registry, proxy, layout) = (setup.registry, setup.proxy, setup.layout)
        let (layer, path) = try layerPath(layout)
        try FileManager.default.removeItem(atPath: path)
        switch damage {
        case .symlinkToPasswd: try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/passwd")
        case .fifo: #expect(mkfifo(path, 0o644) == 0)
        case .missing: break
        case .directory: try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        }

        let failure = push(layout, registry: registry, proxy: proxy, repository: "damaged/\(damage.rawValue.lowercased())")
        let text = failure.map { "\($0)" } ?? ""
        #expect(failure != nil)
        #expect(!text.contains("\n"), "one line: \(text)")
        #expect(text.contains(layer.digest.description) && text.contains(layout.root), "\(text)")
        switch damage {
        case .missing: #expect(text.contains("is missing"), "\(text)")
        case .symlinkToPasswd: #expect(text.contains("symbolic link"), "\(text)")
        case .fifo: #expect(text.contains("FIFO"), "\(text)")
        case .directory: #expect(text.contains("directory"), "\(text)")
        }
        // Refused before the registry was even asked: no upload session, no blob.
        #expect(!proxy.requestLog.contains { $0.contains("/blobs/uploads/") }, "\(proxy.requestLog)")
        #expect(proxy.requestLog.isEmpty, "\(proxy.requestLog)")
    }

    @Test func aBlobsFolderLinkedOutOfTheLayoutIsRefused() throws {
        let setup = try Setup()
        defer { setup.stop() }
        let (registry, proxy, layout) = (setup.registry, setup.proxy, setup.layout)
        let elsewhere = try TestScratch.folder("elsewhere") + "/sha256"
        try FileManager.default.moveItem(atPath: layout.root + "/blobs/sha256", toPath: elsewhere)
        try FileManager.default.createSymbolicLink(atPath: layout.root + "/blobs/sha256", withDestinationPath: elsewhere)

        let failure = push(layout, registry: registry, proxy: proxy, repository: "damaged/linked")
        #expect(failure.map { "\($0)" }?.contains("outside the layout") == true, "\(String(describing: failure))")
        #expect(proxy.requestLog.isEmpty, "\(proxy.requestLog)")
    }

    @Test(arguments: [false, true])
    func contentThatDoesNotHashToItsNameIsNeverCompleted(chunked: Bool) throws {
        let setup = try Setup()
        defer { setup.stop() }
        let (registry, proxy, layout) = (setup.registry, setup.proxy, setup.layout)
        let (layer, path) = try layerPath(layout)
        // Same size, one byte different: only hashing can tell.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0x55
        try bytes.write(to: URL(fileURLWithPath: path))
        var options = PushOptions()
        if chunked {
            options.chunkedUploadThreshold = 1
            options.chunkSize = 64
        }

        let repository = "damaged/content-\(chunked)"
        let failure = push(layout, registry: registry, proxy: proxy, repository: repository, options: options)
        guard case .layout(.blobChangedWhileSending(let digest, _, let actual, _)) = failure else {
            Issue.record("expected blobChangedWhileSending, got \(String(describing: failure))")
            return
        }
        #expect(digest == layer.digest)
        #expect(actual == SHA256Hasher.digest(of: bytes))
        #expect(!"\(failure!)".contains("\n"))
        // No commit: no closing PUT of a chunked upload, no manifest, and the registry lacks the blob.
        let log = proxy.requestLog
        if chunked {
            #expect(log.contains { $0.hasPrefix("PATCH ") }, "\(log)")
            #expect(!log.contains { $0.hasPrefix("PUT ") && $0.contains("/blobs/uploads/") && $0.contains(layer.digest.encoded) }, "\(log)")
        }
        // (The push starts with a HEAD of the manifest: a re-push of what is there sends nothing.)
        #expect(!log.contains { $0.hasPrefix("PUT ") && $0.contains("/manifests/") }, "\(log)")
        #expect(try registryStatus(registry, "/v2/\(repository)/blobs/\(layer.digest)") == "404")
    }

    // The request body reader on its own: what libcurl would be handed.

    private func blobFile(_ bytes: [UInt8]) throws -> String {
        let path = try TestScratch.folder("body") + "/blob"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Reads the whole body as libcurl would: (bytes handed over, whether a read failed).
    private func drain(_ reader: RequestBodyReader, capacity: Int = 4096) -> (Int, Bool) {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var total = 0
        while true {
            guard let count = reader.read(into: buffer, capacity: capacity) else { return (total, true) }
            if count == 0 { return (total, false) }
            total += count
        }
    }

    @Test func theLastBytesOfAWrongBlobAreNeverHandedToLibcurl() throws {
        let good = (0..<10_000).map { UInt8(truncatingIfNeeded: $0) }
        var bad = good
        bad[9_000] ^= 1
        let path = try blobFile(bad)
        let verifier = UploadVerifier(path: path, digest: SHA256Hasher.digest(of: good), size: Int64(good.count))
        let reader = try RequestBodyReader(.verifiedFile(path: path, offset: 0, length: 10_000, verifier: verifier), url: "http://x/")
        let (sent, failed) = drain(reader)
        #expect(failed)
        #expect(sent < 10_000)
        #expect(!verifier.isVerified)
        #expect(verifier.mismatch == SHA256Hasher.digest(of: bad))
    }

    @Test func aRewindRehashesSoAResentBodyStillVerifies() throws {
        let good = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let path = try blobFile(good)
        let verifier = UploadVerifier(path: path, digest: SHA256Hasher.digest(of: good), size: Int64(good.count))
        let reader = try RequestBodyReader(.verifiedFile(path: path, offset: 0, length: 10_000, verifier: verifier), url: "http://x/")
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 6_000, alignment: 16)
        defer { buffer.deallocate() }
        #expect(reader.read(into: buffer, capacity: 6_000) == 6_000)
        // libcurl resends on a fresh connection: from the start, then from the middle.
        #expect(reader.seek(to: 0))
        #expect(reader.read(into: buffer, capacity: 3_000) == 3_000)
        #expect(reader.seek(to: 1_000))
        let (rest, failed) = drain(reader)
        #expect(!failed && rest == 9_000)
        #expect(verifier.isVerified)
    }

    @Test func chunksShareOneHashAndAResumeRehashesThePrefix() throws {
        let good = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let path = try blobFile(good)
        let verifier = UploadVerifier(path: path, digest: SHA256Hasher.digest(of: good), size: Int64(good.count))
        for (offset, length) in [(0, 4_000), (4_000, 4_000), (2_000, 8_000)] as [(Int64, Int64)] {
            // The last chunk starts before the end of the previous one: the registry kept less.
            let reader = try RequestBodyReader(.verifiedFile(path: path, offset: offset, length: length, verifier: verifier), url: "http://x/")
            let (sent, failed) = drain(reader)
            #expect(!failed && Int64(sent) == length)
        }
        #expect(verifier.isVerified)
    }

    @Test func aSymlinkIsNeverOpenedAsABody() throws {
        let link = try TestScratch.folder("body") + "/link"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "/etc/passwd")
        #expect(throws: TransportError.self) {
            _ = try RequestBodyReader(.file(path: link, offset: 0, length: 1), url: "http://x/")
        }
    }
}
