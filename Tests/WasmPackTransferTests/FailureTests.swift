import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// What goes wrong between wasmpack and a registry, made to happen on purpose.
@Suite("Registry failures", .enabled(if: TestRegistry.isAvailable))
struct FailureTests {
    func error(_ body: () throws -> Void) -> RegistryError? {
        do {
            try body()
            return nil
        } catch let error as RegistryError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func aCorruptedBlobFailsThePullAndLeavesNothing() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: try TransferFixture.reference(registry.host, "corrupt/app"))
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .corruptBlobBodies)
        defer { proxy.stop() }

        let parent = try TestScratch.folder("transfer")
        let failure = error {
            _ = try Puller(client: TransferFixture.client(for: registry, host: proxy.host))
                .pull(try TransferFixture.reference(proxy.host, "corrupt/app"), into: parent + "/out")
        }
        guard case .digestMismatch = failure else {
            Issue.record("expected a digest mismatch, got \(String(describing: failure))")
            return
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent).isEmpty)
    }

    @Test func aRegistryDigestThatDisagreesFailsThePush() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .wrongManifestDigestHeader)
        defer { proxy.stop() }
        let (layout, _) = try TransferFixture.layout(.wasmToOCI)
        let failure = error {
            _ = try Pusher(client: TransferFixture.client(for: registry, host: proxy.host))
                .push(layout: layout, tag: nil, to: try TransferFixture.reference(proxy.host, "digest/app"))
        }
        #expect(failure?.description.contains("should have digest") == true, "\(String(describing: failure))")
    }

    @Test(arguments: [503, 429])
    func transientErrorsAreRetried(status: Int) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .failFirst(count: 2, status: status, retryAfter: status == 429 ? 1 : nil))
        defer { proxy.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let pushed = try Pusher(client: TransferFixture.client(for: registry, host: proxy.host))
            .push(layout: layout, tag: nil, to: try TransferFixture.reference(proxy.host, "retry/app"))
        #expect(pushed.digest == digest)
    }

    @Test func aDroppedUploadStartsANewSessionAndSucceeds() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .dropConnectionDuringBlobUpload(afterBytes: 100))
        defer { proxy.stop() }
        let (layout, digest) = try TransferFixture.layout(.image)
        let reference = try TransferFixture.reference(proxy.host, "dropped/app")
        #expect(try Pusher(client: TransferFixture.client(for: registry, host: proxy.host)).push(layout: layout, tag: nil, to: reference).digest == digest)
        let output = try TestScratch.folder("transfer") + "/p"
        _ = try Puller(client: TransferFixture.client(for: registry)).pull(try TransferFixture.reference(registry.host, "dropped/app"), into: output)
        try OCILayout(root: output).verify()
    }

    @Test func anHTMLGatewayPageIsReportedAsSuch() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .htmlErrorPage(status: 502))
        defer { proxy.stop() }
        let (layout, _) = try TransferFixture.layout(.image)
        var options = RegistryClientOptions()
        options.retries = 0
        let client = RegistryClient(registry: RegistryHost(host: proxy.host, plainHTTP: false), credentials: .anonymous, options: options)
        let failure = error {
            _ = try Pusher(client: client).push(layout: layout, tag: nil, to: try TransferFixture.reference(proxy.host, "html/app"))
        }
        #expect(failure?.description.contains("is not an OCI registry") == true || failure?.description.contains("HTML page") == true,
                "\(String(describing: failure))")
    }

    @Test func wrongPasswordsAndMissingCredentialsSayWhatToDo() throws {
        for setup in [TestRegistry.Setup.basicAuth, .tokenAuth] {
            let registry = try TestRegistry.start(setup)
            defer { registry.stop() }
            let (layout, _) = try TransferFixture.layout(.wasmToOCI)
            let reference = try TransferFixture.reference(registry.host, "auth/app")
            let wrong = error {
                _ = try Pusher(client: TransferFixture.client(for: registry, credentials: .basic(username: "wasmpack", password: "nope")))
                    .push(layout: layout, tag: nil, to: reference)
            }
            #expect(wrong?.description.contains("user 'wasmpack' was refused") == true, "\(setup): \(String(describing: wrong))")
            #expect(wrong?.description.contains("nope") == false)
            let anonymous = error {
                _ = try Pusher(client: TransferFixture.client(for: registry, credentials: .anonymous)).push(layout: layout, tag: nil, to: reference)
            }
            #expect(anonymous?.description.contains("--password-stdin") == true, "\(setup): \(String(describing: anonymous))")
        }
    }

    @Test func aHostThatIsNotARegistryIsSaidPlainly() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        // The token service is an HTTP server but no registry.
        let realm = try #require(registry.tokenRealm.flatMap { URLComponents(string: $0) })
        let host = "\(realm.host ?? "127.0.0.1"):\(realm.port ?? 80)"
        let failure = error {
            _ = try Puller(client: RegistryClient(registry: RegistryHost(host: host, plainHTTP: false), credentials: .anonymous, options: RegistryClientOptions()))
                .pull(try TransferFixture.reference(host, "x/y"), into: try TestScratch.folder("transfer") + "/p")
        }
        #expect(failure?.description.contains("is not an OCI registry") == true, "\(String(describing: failure))")
    }

    @Test(arguments: ["dotdot", "absolute", "symlink-escape"])
    func extractionRefusesAMaliciousLayer(kind: String) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let work = try TestScratch.folder("transfer")
        let layer = work + "/evil.tar.gz"
        let script = """
            import io, sys, tarfile
            kind, out = sys.argv[1], sys.argv[2]
            with tarfile.open(out, "w:gz") as t:
                def add(name, data=b"x", link=None):
                    info = tarfile.TarInfo(name)
                    if link is not None:
                        info.type = tarfile.SYMTYPE; info.linkname = link; t.addfile(info)
                    else:
                        info.size = len(data); t.addfile(info, io.BytesIO(data))
                add("spin.toml", b"spin_manifest_version = 2\\n")
                if kind == "dotdot": add("../../escaped.txt")
                if kind == "absolute": add("/tmp/wasmpack-absolute-escape.txt")
                if kind == "symlink-escape":
                    add("link", link="../../..")
                    add("link/escaped.txt")
            """
        let made = try ExternalCommand.run("/usr/bin/python3", ["-c", script, kind, layer])
        #expect(made.status == 0, "\(made.errorOutput)")

        // A layout holding the malicious layer, pushed like any image.
        let transaction = try LayoutTransaction(destination: work + "/layout")
        let layerDescriptor = try transaction.addBlob(copying: layer, mediaType: .ociLayerTarGzip)
        let config = try transaction.addBlob(
            try JSONValueEncoder().bytes(ImageConfiguration(platform: .wasiWasm, rootfs: .init(diffIDs: []))), mediaType: .ociImageConfig)
        let manifest = try transaction.addBlob(
            try JSONValueEncoder().bytes(ImageManifest(config: config, layers: [layerDescriptor])), mediaType: .ociImageManifest)
        transaction.tag(manifest, as: ["latest"])
        try transaction.commit()
        let client = TransferFixture.client(for: registry)
        let reference = try TransferFixture.reference(registry.host, "evil/\(kind)")
        _ = try Pusher(client: client).push(layout: OCILayout(root: work + "/layout"), tag: nil, to: reference)

        let target = work + "/extracted/app"
        let failure = error {
            _ = try Puller(client: client).pull(reference, into: work + "/pulled", extractTo: target)
        }
        guard case .extraction = failure else {
            Issue.record("expected an extraction error, got \(String(describing: failure))")
            return
        }
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(!FileManager.default.fileExists(atPath: work + "/escaped.txt"))
        #expect(!FileManager.default.fileExists(atPath: work + "/extracted/escaped.txt"))
        #expect(!FileManager.default.fileExists(atPath: "/tmp/wasmpack-absolute-escape.txt"))
    }
}
