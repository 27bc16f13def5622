import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// What we push, containerd (the runtime under AKS and the Spin shim) pulls: the scratch image
/// unpacks to the app's files, the platform and digest are the ones we built, and the wasm-to-oci
/// artifact, which containerd cannot unpack, still fetches.
@Suite(
    "containerd pulls what wasmpack pushes",
    .enabled(if: TestRegistry.isAvailable && TestContainerd.isAvailable))
struct ContainerdInteropTests {
    static let app = TransferFixture.testdata + "/v2-multi"

    @Test func containerdPullsAndUnpacksTheScratchImage() throws {
        let (registry, containerd) = try Self.startPeers()
        defer { containerd.stop(); registry.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        let reference = try Self.push(layout, to: registry, repository: "ctr-unpack")

        try containerd.checkCtr(["images", "pull", "--plain-http", "--platform", "wasi/wasm", reference])
        let mountPoint = try containerd.makeMountPoint()
        // A single-layer image mounts as a read-only bind of the overlayfs snapshot.
        try containerd.checkCtr(["images", "mount", "--platform", "wasi/wasm", reference, mountPoint])
        let mounted = Result { try Self.regularFiles(under: mountPoint) }
        try containerd.checkCtr(["images", "unmount", "--rm", mountPoint])

        let files = try mounted.get()
        let expected = try Self.expectedImageFiles()
        #expect(files.keys.sorted() == expected.keys.sorted())
        for (path, bytes) in expected {
            #expect(files[path] == bytes, "\(path) differs between the mount and \(Self.app)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint).isEmpty, "still mounted after unmount")
    }

    @Test func containerdSeesTheRightPlatformAndDigest() throws {
        let (registry, containerd) = try Self.startPeers()
        defer { containerd.stop(); registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let reference = try Self.push(layout, to: registry, repository: "ctr-platform")
        try containerd.checkCtr(["images", "pull", "--plain-http", "--platform", "wasi/wasm", reference])

        // REF TYPE DIGEST SIZE PLATFORMS LABELS, where SIZE is "1.6 KiB" and LABELS "-".
        let listed = try Self.row(of: reference, in: containerd.checkCtr(["images", "ls"]))
        #expect(listed.contains(digest.description), "ctr images ls: \(listed)")
        #expect(listed.dropLast().last == "wasi/wasm", "ctr images ls: \(listed)")
        // REF TYPE DIGEST STATUS SIZE UNPACKED, where STATUS is "complete (2/2)".
        let checked = try Self.row(of: reference, in: containerd.checkCtr(["images", "check"]))
        #expect(checked.contains(digest.description), "ctr images check: \(checked)")
        #expect(checked.contains("complete"), "ctr images check: \(checked)")
        #expect(checked.last == "true", "ctr images check: \(checked)")

        // A `--platform wasip1/wasm` build pulls for that platform. containerd 1.6 does not match a
        // lone manifest's platform against --platform (only an index's entries), so the check that
        // it took the platform from our config is the PLATFORMS column.
        let (overridden, overriddenDigest) = try Self.buildImage(platform: Platform(os: "wasip1", architecture: "wasm"))
        let wasip1Reference = try Self.push(overridden, to: registry, repository: "ctr-wasip1")
        try containerd.checkCtr(["images", "pull", "--plain-http", "--platform", "wasip1/wasm", wasip1Reference])
        let wasip1Row = try Self.row(of: wasip1Reference, in: containerd.checkCtr(["images", "ls"]))
        #expect(wasip1Row.contains(overriddenDigest.description), "ctr images ls: \(wasip1Row)")
        #expect(wasip1Row.dropLast().last == "wasip1/wasm", "ctr images ls: \(wasip1Row)")
    }

    @Test func containerdFetchesTheWasmToOCIArtifact() throws {
        let (registry, containerd) = try Self.startPeers()
        defer { containerd.stop(); registry.stop() }
        let (layout, digest) = try TransferFixture.layout(.wasmToOCI)
        let reference = try Self.push(layout, to: registry, repository: "ctr-wasm-to-oci")
        let manifest = try layout.manifest(try layout.descriptor(tag: nil))
        let module = try #require(manifest.layers.first)

        // No rootfs to unpack (`ctr images pull` refuses it); fetching only stores the blobs.
        try containerd.checkCtr(["content", "fetch", "--plain-http", reference])
        let content = try containerd.checkCtr(["content", "ls"]).text
        #expect(content.contains(module.digest.description), "ctr content ls:\n\(content)")
        #expect(content.contains(digest.description), "ctr content ls:\n\(content)")
        let stored = try containerd.checkCtr(["content", "get", module.digest.description]).output
        let original = try Data(contentsOf: URL(fileURLWithPath: TransferFixture.testdata + "/bare/hello.wasm"))
        #expect(stored == original)
    }

    // MARK: - Helpers

    private static func startPeers() throws -> (TestRegistry, TestContainerd) {
        let registry = try TestRegistry.start(.plain)
        do {
            return (registry, try TestContainerd.start())
        } catch {
            registry.stop()
            throw error
        }
    }

    /// Pushes the layout's image to a fresh repository and returns "HOST/REPO:v1".
    private static func push(_ layout: OCILayout, to registry: TestRegistry, repository prefix: String) throws -> String {
        let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository(prefix))
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)
        return reference.description
    }

    private static func buildImage(platform: Platform) throws -> (layout: OCILayout, digest: Digest) {
        let output = try TestScratch.folder("layout") + "/layout"
        let result = try Builder().build(
            path: app, options: BuildOptions(format: .image, output: output, platform: platform), workingDirectory: "/")
        return (OCILayout(root: output), result.manifest.digest)
    }

    /// What the scratch image of testdata/v2-multi holds: spin.toml, both component sources, and
    /// every file under assets/ (its `files` entry), each at its path from the manifest.
    private static func expectedImageFiles() throws -> [String: Data] {
        var files: [String: Data] = [:]
        for path in ["spin.toml", "api/api.wasm", "modules/fileserver.wasm"] {
            files[path] = try Data(contentsOf: URL(fileURLWithPath: app + "/" + path))
        }
        for (path, bytes) in try regularFiles(under: app + "/assets") {
            files["assets/" + path] = bytes
        }
        return files
    }

    /// Every regular file below `directory`, by path relative to it (hidden ones included).
    private static func regularFiles(under directory: String) throws -> [String: Data] {
        let manager = FileManager.default
        var files: [String: Data] = [:]
        for case let path as String in manager.enumerator(atPath: directory)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            files[path] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + path))
        }
        return files
    }

    /// The whitespace-separated columns of the row of `ctr images ls` / `check` output for `reference`.
    private static func row(of reference: String, in result: ExternalCommand.Result) throws -> [String] {
        let rows = result.text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        return try #require(rows.first { $0.first == reference }, "no row for \(reference) in:\n\(result.text)")
    }
}
