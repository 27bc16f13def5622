import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// A `--format spin` artifact survives a registry round trip unchanged: the manifest without a
/// top-level mediaType keeps its digest, and every layer (wasm, data, archive, locked app) comes back.
@Suite("Spin format push and pull", .enabled(if: TestRegistry.isAvailable))
struct SpinFormatPushPullTests {
    @Test(arguments: [false, true])
    func aSpinArtifactPushedAndPulledBackIsIdentical(archiveLayers: Bool) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        var options = BuildOptions(format: .spin, output: try TestScratch.folder("layout") + "/layout")
        options.archiveLayers = archiveLayers
        let built = try Builder().build(path: TransferFixture.testdata + "/spin-hello", options: options, workingDirectory: "/")
        let layout = OCILayout(root: options.output!)
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("spin"))
        let client = TransferFixture.client(for: registry)

        let pushed = try Pusher(client: client).push(layout: layout, tag: nil, to: reference)
        #expect(pushed.digest == built.manifest.digest)

        let output = try TestScratch.folder("transfer") + "/pulled"
        let pulled = try Puller(client: TransferFixture.client(for: registry)).pull(reference, into: output)
        #expect(pulled.digest == built.manifest.digest)
        let copy = OCILayout(root: output)
        try copy.verify()
        #expect(try TransferFixture.blobs(of: copy) == TransferFixture.blobs(of: layout))
        let manifest = try copy.manifest(try copy.descriptor(tag: "v1"))
        #expect(manifest.mediaType == nil)
        #expect(manifest.layers.last?.mediaType == .spinApplication)
        #expect(manifest.layers.contains { $0.mediaType == (archiveLayers ? .spinArchiveLayer : .spinDataLayer) })
        // Spin itself would load what came back (formats.md §2.5).
        #expect(try SpinConsumerChecker.problems(layout: output, tag: "v1") == [])
    }

    /// containerd's content store (what runwasi's shims read) gets every blob of a Spin artifact:
    /// the manifest has no top-level mediaType, and the layers are Spin's own media types.
    @Test(.enabled(if: TestContainerd.isAvailable), arguments: [false, true])
    func containerdFetchesEveryBlobOfTheSpinArtifact(archiveLayers: Bool) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let containerd = try TestContainerd.start()
        defer { containerd.stop() }
        var options = BuildOptions(format: .spin, output: try TestScratch.folder("layout") + "/layout")
        options.archiveLayers = archiveLayers
        let built = try Builder().build(path: TransferFixture.testdata + "/spin-hello", options: options, workingDirectory: "/")
        let layout = OCILayout(root: options.output!)
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("ctr-spin"))
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)
        let manifest = try layout.manifest(try layout.descriptor(tag: nil))

        try containerd.checkCtr(["content", "fetch", "--plain-http", reference.description])
        let content = try containerd.checkCtr(["content", "ls"]).text
        let blobs = [built.manifest.digest, manifest.config.digest] + manifest.layers.map(\.digest)
        for blob in blobs {
            #expect(content.contains(blob.description), "ctr content ls:\n\(content)")
        }
        // Byte for byte, not just present: the locked app (last layer) as we built it.
        let lockedApp = manifest.layers[manifest.layers.count - 1]
        let stored = try containerd.checkCtr(["content", "get", lockedApp.digest.description]).output
        #expect(stored == Data(try layout.readBlob(lockedApp)))
    }
}
