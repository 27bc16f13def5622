import Foundation
import Testing
import WasmPackArchive
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// `--format wasm` through a real registry: wasmpack pulls it back and names it, `--extract`
/// writes the module under its title, and two other consumers read what we pushed: the Python
/// `oras` client (wkg and Spin ≥ 3.6 read the same title) and containerd's content store.
@Suite("CNCF wasm artifact through a registry", .enabled(if: TestRegistry.isAvailable))
struct CNCFWasmArtifactTransferTests {
    static let module = TransferFixture.testdata + "/wasm/http-handler.component.wasm"

    private static func layout() throws -> (OCILayout, Digest) {
        let output = try TestScratch.folder("layout") + "/layout"
        let result = try Builder().build(
            path: module, options: BuildOptions(format: .wasm, output: output), workingDirectory: "/")
        return (OCILayout(root: output), result.manifest.digest)
    }

    private static func push(_ layout: OCILayout, to registry: TestRegistry, prefix: String) throws -> Reference {
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository(prefix))
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)
        return reference
    }

    @Test(arguments: [TestRegistry.Setup.plain, .tokenAuth])
    func pullRecognisesTheWasmFormatAndExtractsTheModuleUnderItsTitle(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let (layout, digest) = try Self.layout()
        let reference = try Self.push(layout, to: registry, prefix: "wasm-artifact")

        let folder = try TestScratch.folder("transfer")
        let pulled = try Puller(client: TransferFixture.client(for: registry)).pull(
            reference, into: folder + "/pulled", extractTo: folder + "/app")
        #expect(pulled.digest == digest)
        #expect(pulled.format == .wasm)
        #expect(pulled.extractedFiles == ["http-handler.component.wasm"])
        let written = try Data(contentsOf: URL(fileURLWithPath: folder + "/app/http-handler.component.wasm"))
        #expect(written == (try Data(contentsOf: URL(fileURLWithPath: Self.module))))
        let summary = try ImageSummary(layout: OCILayout(root: folder + "/pulled"), tag: "v1")
        #expect(summary.format == .wasm)
        #expect(summary.platform == "wasip2/wasm")
        #expect(summary.created == "1970-01-01T00:00:00Z")
    }

    @Test func aTitleWithASlashIsRefusedAndNothingIsExtracted() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (original, _) = try Self.layout()
        // The same artifact in a second layout, its title rewritten to climb out of the extraction folder.
        var manifest = try original.manifest(try original.descriptor(tag: nil))
        let copy = try TestScratch.folder("layout") + "/hostile"
        let transaction = try LayoutTransaction(destination: copy)
        manifest.layers[0] = try transaction.addBlob(copying: Self.module, mediaType: .wasm)
        manifest.layers[0].annotations = [AnnotationKey.title: "../escape.wasm"]
        manifest.config = try transaction.addBlob(original.readBlob(manifest.config), mediaType: .wasmConfigV0)
        let hostile = try transaction.addBlob(JSONValueEncoder().bytes(manifest), mediaType: .ociImageManifest)
        transaction.tag(hostile, as: ["v1"])
        try transaction.commit()
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("wasm-hostile"))
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: OCILayout(root: copy), tag: nil, to: reference)

        let folder = try TestScratch.folder("transfer")
        #expect(throws: RegistryError.self) {
            _ = try Puller(client: TransferFixture.client(for: registry)).pull(
                reference, into: folder + "/pulled", extractTo: folder + "/app/inner")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/app/escape.wasm"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/pulled"))
    }

    @Test func aWasmArtifactWithTwoLayersIsRefusedOnExtractWithNothingWritten() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (original, _) = try Self.layout()
        var manifest = try original.manifest(try original.descriptor(tag: nil))
        let copy = try TestScratch.folder("layout") + "/two-layers"
        let transaction = try LayoutTransaction(destination: copy)
        var second = try transaction.addBlob(copying: TransferFixture.testdata + "/bare/hello.wasm", mediaType: .wasm)
        second.annotations = [AnnotationKey.title: "second.wasm"]
        manifest.layers = [try transaction.addBlob(copying: Self.module, mediaType: .wasm), second]
        manifest.layers[0].annotations = [AnnotationKey.title: "first.wasm"]
        manifest.config = try transaction.addBlob(original.readBlob(manifest.config), mediaType: .wasmConfigV0)
        transaction.tag(try transaction.addBlob(JSONValueEncoder().bytes(manifest), mediaType: .ociImageManifest), as: ["v1"])
        try transaction.commit()
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("wasm-two"))
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: OCILayout(root: copy), tag: nil, to: reference)

        let folder = try TestScratch.folder("transfer")
        #expect {
            _ = try Puller(client: TransferFixture.client(for: registry)).pull(
                reference, into: folder + "/pulled", extractTo: folder + "/app")
        } throws: { error in
            (error as? RegistryError)?.description.contains("2 layers") == true
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/app"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/pulled"))
    }

    @Test(.enabled(if: Self.orasAvailable))
    func theOrasPythonClientPullsTheModuleUnderItsTitle() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try Self.layout()
        let reference = try Self.push(layout, to: registry, prefix: "wasm-oras")
        let folder = try TestScratch.folder("transfer") + "/oras"
        let script = """
            import sys, oras.client
            client = oras.client.OrasClient(hostname=sys.argv[1], insecure=True)
            for path in client.pull(target=sys.argv[2], outdir=sys.argv[3]):
                print(path)
            """
        let result = try ExternalCommand.run(
            "/usr/bin/python3", ["-c", script, registry.host, reference.description, folder])
        #expect(result.status == 0, "oras: \(result.errorOutput)")
        let written = try Data(contentsOf: URL(fileURLWithPath: folder + "/http-handler.component.wasm"))
        #expect(written == (try Data(contentsOf: URL(fileURLWithPath: Self.module))))
    }

    @Test(.enabled(if: TestContainerd.isAvailable))
    func containerdFetchesEveryBlobOfTheWasmArtifact() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let containerd = try TestContainerd.start()
        defer { containerd.stop() }
        let (layout, digest) = try Self.layout()
        let reference = try Self.push(layout, to: registry, prefix: "ctr-wasm")
        let manifest = try layout.manifest(try layout.descriptor(tag: nil))

        // No rootfs to unpack; fetching stores the manifest, config and module.
        try containerd.checkCtr(["content", "fetch", "--plain-http", reference.description])
        let content = try containerd.checkCtr(["content", "ls"]).text
        for blob in [digest, manifest.config.digest, manifest.layers[0].digest] {
            #expect(content.contains(blob.description), "ctr content ls:\n\(content)")
        }
        let stored = try containerd.checkCtr(["content", "get", manifest.layers[0].digest.description]).output
        #expect(stored == (try Data(contentsOf: URL(fileURLWithPath: Self.module))))
    }

    /// The Python `oras` package in Debian's python3 (scripts/install-deps.sh --test); required under
    /// WASMPACK_REQUIRE_PEERS=1 so CI cannot skip it silently.
    static var orasAvailable: Bool {
        if ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1" { return true }
        return (try? ExternalCommand.run("/usr/bin/python3", ["-c", "import oras.client"]).status) == 0
    }
}
