import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// skopeo and wasmpack read each other's pushes, with the same digests.
@Suite("Interop with skopeo through a registry", .enabled(if: TestRegistry.isAvailable))
struct SkopeoInteropTests {
    static let skopeo = "/usr/bin/skopeo"

    @Test(arguments: [BuildFormat.image, .wasmToOCI])
    func skopeoCopiesWhatWasmpackPushed(format: BuildFormat) throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(format)
        let reference = try TransferFixture.reference(registry.host, "interop/wasmpack-pushed")
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)

        let output = try TestScratch.folder("transfer") + "/oci"
        let copy = try ExternalCommand.run(Self.skopeo, [
            "copy", "--src-tls-verify=false", "--src-creds", "\(registry.username!):\(registry.password!)",
            "docker://\(reference)", "oci:\(output):copied",
        ])
        #expect(copy.status == 0, "\(copy.errorOutput)")
        #expect(try OCILayout(root: output).descriptor(tag: "copied").digest == digest)
    }

    @Test(arguments: [BuildFormat.image, .wasmToOCI])
    func wasmpackPullsWhatSkopeoPushed(format: BuildFormat) throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let (layout, digest) = try TransferFixture.layout(format)
        let reference = try TransferFixture.reference(registry.host, "interop/skopeo-pushed")
        let copy = try ExternalCommand.run(Self.skopeo, [
            "copy", "--dest-tls-verify=false", "--dest-creds", "\(registry.username!):\(registry.password!)",
            "oci:\(layout.root):latest", "docker://\(reference)",
        ])
        #expect(copy.status == 0, "\(copy.errorOutput)")

        let output = try TestScratch.folder("transfer") + "/pulled"
        let pulled = try Puller(client: TransferFixture.client(for: registry)).pull(reference, into: output)
        #expect(pulled.digest == digest)
        try OCILayout(root: output).verify()
    }
}
