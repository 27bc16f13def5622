import Foundation
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// Builds testdata apps into layouts and makes clients for test registries.
enum TransferFixture {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = packageRoot.appendingPathComponent("testdata").path

    /// Builds a testdata app (image) or the bare module (wasm-to-oci) into a fresh layout.
    static func layout(_ format: BuildFormat) throws -> (layout: OCILayout, digest: Digest) {
        let output = try TestScratch.folder("layout") + "/layout"
        let path = format == .image ? testdata + "/v2-multi" : testdata + "/bare/hello.wasm"
        let result = try Builder().build(path: path, options: BuildOptions(format: format, output: output), workingDirectory: "/")
        return (OCILayout(root: output), result.manifest.digest)
    }

    static func credentials(for registry: TestRegistry, password: String? = nil) -> RegistryCredentials {
        guard let username = registry.username else { return .anonymous }
        return .basic(username: username, password: password ?? registry.password ?? "")
    }

    static func client(
        for registry: TestRegistry, host: String? = nil, credentials: RegistryCredentials? = nil,
        log: (@Sendable (String) -> Void)? = nil
    ) -> RegistryClient {
        var options = RegistryClientOptions()
        options.caFile = registry.caFile
        options.retryBaseDelay = 0.05
        options.userAgent = "wasmpack-tests"
        options.log = log
        return RegistryClient(
            registry: RegistryHost(host: host ?? registry.host, plainHTTP: false),
            credentials: credentials ?? self.credentials(for: registry), options: options)
    }

    static func reference(_ host: String, _ repository: String, tag: String = "v1") throws -> Reference {
        try Reference(parsing: "\(host)/\(repository):\(tag)")
    }

    static func uniqueRepository(_ prefix: String) -> String {
        "\(prefix)/r\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Every blob of a layout's image, by digest, read whole (test images are tiny).
    static func blobs(of layout: OCILayout) throws -> [Digest: Data] {
        let manifest = try layout.manifest(try layout.descriptor(tag: nil))
        var blobs: [Digest: Data] = [:]
        for blob in [manifest.config] + manifest.layers {
            blobs[blob.digest] = try Data(contentsOf: URL(fileURLWithPath: layout.blobPath(for: blob.digest)))
        }
        return blobs
    }
}

/// Collects progress events from several threads.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [TransferEvent] = []

    func record(_ event: TransferEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var all: [TransferEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    var uploaded: Int { all.filter { if case .blobUploaded = $0 { return true } else { return false } }.count }
    var existing: Int { all.filter { if case .blobExists = $0 { return true } else { return false } }.count }
    var mounted: Int { all.filter { if case .blobMounted = $0 { return true } else { return false } }.count }
}
