import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// issue 8 §3 end to end: the repacked image is pushed, pulled and unpacked by containerd (what the
/// Spin shim sits on); the packed /spin.toml read back from containerd's mount uses only directory
/// mounts, and every component sees there exactly what Spin's loader gives it from the source app.
@Suite(
    "containerd unpacks repacked direct mounts",
    .enabled(if: TestRegistry.isAvailable && TestContainerd.isAvailable))
struct DirectMountContainerdTests {
    @Test func eachComponentSeesInContainerdsMountWhatSpinGivesItFromTheSource() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let containerd = try TestContainerd.start()
        defer { containerd.stop() }

        let app = TransferFixture.testdata + "/exclude-files"
        for target in [RuntimeTarget.spinKube, .spinShimV2] {
            let output = try TestScratch.folder("layout") + "/layout"
            let result = try Builder().build(path: app, options: BuildOptions(output: output, target: target), workingDirectory: "/")
            #expect(result.notes.count == 2, "\(target.name)")
            let reference = try TransferFixture.reference(
                registry.host, TransferFixture.uniqueRepository("ctr-rewrite-\(target.name)"))
            _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: OCILayout(root: output), tag: nil, to: reference)

            try containerd.checkCtr(["images", "pull", "--plain-http", "--platform", "wasi/wasm", reference.description])
            let mountPoint = try containerd.makeMountPoint()
            try containerd.checkCtr(["images", "mount", "--platform", "wasi/wasm", reference.description, mountPoint])
            let seen = Result { try ComponentFileView.image(root: mountPoint) }
            let packed = Result { try Data(contentsOf: URL(fileURLWithPath: mountPoint + "/spin.toml")) }
            try containerd.checkCtr(["images", "unmount", "--rm", mountPoint])

            #expect(try seen.get() == (try ComponentFileView.loader(app: app)), "\(target.name)")
            let text = String(decoding: try packed.get(), as: UTF8.self)
            #expect(!text.contains("exclude_files") && text.contains("source = \".wasmpack/files/static\""), "\(text)")
            #expect(try containerd.checkCtr(["images", "ls"]).text.contains(result.manifest.digest.description))
        }
    }
}
