import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// `--format spin` writes what `spin registry push` writes (formats.md §2.3, §2.4).
@Suite("Spin registry format")
struct SpinRegistryFormatTests {
    static let workedExampleCreated = "2025-01-01T00:00:00+00:00"

    static func build(_ app: String, options: BuildOptions = BuildOptions(format: .spin)) throws -> (OCILayout, ImageManifest, Digest) {
        var options = options
        options.output = try TestScratch.folder("spin") + "/layout"
        let path = app.hasPrefix("/") ? app : Support.testdata + "/" + app
        let result = try Builder().build(path: path, options: options, workingDirectory: "/")
        let layout = OCILayout(root: options.output!)
        try layout.verify()
        return (layout, try layout.manifest(result.manifest), result.manifest.digest)
    }

    static func blob(_ layout: OCILayout, _ digest: Digest) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: layout.blobPath(for: digest)))
    }

    static func lockedApp(_ layout: OCILayout, _ manifest: ImageManifest) throws -> [String: Any] {
        let data = try blob(layout, manifest.layers.last!.digest)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func theWorkedExampleMatchesSpinsLockedAppConfigAndManifestByteForByte() throws {
        var options = BuildOptions(format: .spin)
        options.annotations = [AnnotationKey.created: Self.workedExampleCreated]
        let (layout, manifest, digest) = try Self.build("spin-hello", options: options)
        let vectors = Support.testdata + "/spin-vectors/"
        let expectedManifest = try Data(contentsOf: URL(fileURLWithPath: vectors + "spin.manifest.json"))
        #expect(try Self.blob(layout, digest) == expectedManifest)
        #expect(try Self.blob(layout, manifest.config.digest) == Data(contentsOf: URL(fileURLWithPath: vectors + "spin.config.json")))
        #expect(try Self.blob(layout, manifest.layers[2].digest) == Data(contentsOf: URL(fileURLWithPath: vectors + "spin.locked.json")))
        #expect(digest == SHA256Hasher.digest(of: [UInt8](expectedManifest)))
    }

    @Test func theLockedAppIsTheLastLayerAndTheConfigIsLabelledWithItsDigest() throws {
        let (layout, manifest, _) = try Self.build("v2-multi")
        #expect(manifest.mediaType == nil)
        #expect(manifest.layers.map(\.mediaType) == [.wasmContentLayer, .wasmContentLayer, .spinApplication])
        let config = try #require(try JSONSerialization.jsonObject(with: Self.blob(layout, manifest.config.digest)) as? [String: Any])
        #expect(config["architecture"] as? String == "wasm")
        #expect(config["os"] as? String == "wasip1")
        let labels = (config["config"] as? [String: Any])?["Labels"] as? [String: String]
        #expect(labels?["com.fermyon.spin.lockedAppDigest"] == manifest.layers.last?.digest.description)
    }

    /// Golden digests: any change to the bytes of either app's artifact shows up here.
    @Test(arguments: [
        ("v1-wagi", "sha256:2b2ddd966578eb2634842fe33fdbb8a9e88b702ec576d0677117cc05ef6f249f"),
        ("v2-multi", "sha256:1199b467737f91d9623972d0799d699341a5aca538de2720fd9e67e9c0f1f3a9"),
    ])
    func testdataAppBuildsToItsGoldenSpinDigest(app: String, digest: String) throws {
        #expect(try Self.build(app).2.description == digest)
    }

    @Test func aVersion1AppGetsSpinsTriggerIdsAndDefaultOutboundHosts() throws {
        let (layout, manifest, _) = try Self.build("v1-wagi")
        let locked = try Self.lockedApp(layout, manifest)
        let trigger = try #require((locked["triggers"] as? [[String: Any]])?.first)
        #expect(trigger["id"] as? String == "trigger-hello")
        let config = trigger["trigger_config"] as? [String: Any]
        #expect((config?["executor"] as? [String: String])?["type"] == "wagi")
        let component = try #require((locked["components"] as? [[String: Any]])?.first)
        let metadata = component["metadata"] as? [String: Any]
        #expect(metadata?["allowed_outbound_hosts"] as? [String] == ["redis://*:*", "mysql://*:*", "postgres://*:*"])
        let files = (component["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
        #expect(files == ["css/site.css", "index.html"])
    }

    @Test func aVersion2AppNamesTriggersAfterTheirComponentAndListsFilesBelowTheMountRoot() throws {
        let (layout, manifest, _) = try Self.build("v2-multi")
        let locked = try Self.lockedApp(layout, manifest)
        let ids = (locked["triggers"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ids == ["api-http-trigger", "fileserver-http-trigger"])
        let components = try #require(locked["components"] as? [[String: Any]])
        #expect(components.map { $0["id"] as? String } == ["api", "fileserver"])
        let paths = (components[1]["files"] as? [[String: Any]])?.compactMap { $0["path"] as? String }
        #expect(paths == [".well-known/security.txt", "docs/guide/intro.md", "img/logo.svg", "index.html", "robots.txt"])
    }

    @Test func triggersWithoutIdsGetSpinsNaturalIdOrTheNextFreeCounterId() throws {
        let app = try TestScratch.folder("spin-ids")
        try Data("""
            spin_manifest_version = 2
            [application]
            name = "ids"
            [[trigger.http]]
            route = "/a"
            component = "a"
            [[trigger.http]]
            route = "/again"
            component = "a"
            [[trigger.http]]
            id = "http-trigger1"
            route = "/named"
            component = "a"
            [[trigger.http]]
            route = "/third"
            component = "a"
            [component.a]
            source = "m.wasm"
            """.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: URL(fileURLWithPath: app + "/m.wasm"))
        let (layout, manifest, _) = try Self.build(app)
        let ids = (try Self.lockedApp(layout, manifest)["triggers"] as? [[String: Any]])?.compactMap { $0["id"] as? String }
        #expect(ids == ["a-http-trigger", "http-trigger2", "http-trigger1", "http-trigger3"])
    }

    @Test func aCopiedCheckoutWithOtherTimesAndModesGivesTheSameDigest() throws {
        let expected = try Self.build("v2-multi").2
        let copy = try Support.copyOfTestdata("v2-multi")
        for (offset, name) in try Support.files(in: copy).keys.sorted().enumerated() {
            try FileManager.default.setAttributes(
                [.modificationDate: Date(timeIntervalSince1970: 2_000_000 + Double(offset) * 3333),
                 .posixPermissions: offset % 2 == 0 ? 0o600 : 0o755],
                ofItemAtPath: copy + "/" + name)
        }
        #expect(try Self.build(copy).2 == expected)
    }

    @Test func archiveLayersPutEachComponentsFilesInOneReproducibleTarGzip() throws {
        var options = BuildOptions(format: .spin)
        options.archiveLayers = true
        let (layout, manifest, digest) = try Self.build("spin-hello", options: options)
        #expect(manifest.layers.map(\.mediaType) == [.wasmContentLayer, .spinArchiveLayer, .spinApplication])
        // The locked app still lists every file with its digest; only the layers change.
        let files = try #require((Self.lockedApp(layout, manifest)["components"] as? [[String: Any]])?.first?["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["path"] as? String } == ["static/a.txt", "static/b.txt"])
        let listing = try Support.run("/usr/bin/tar", ["-tzf", layout.blobPath(for: manifest.layers[1].digest)])
        #expect(listing.stdout.split(separator: "\n").contains("static/b.txt"))
        #expect(try Self.build("spin-hello", options: options).2 == digest)
    }

    @Test func moreThan499LayersSwitchToArchiveLayersAsSpinDoes() throws {
        let app = try TestScratch.folder("spin-many")
        try Data("spin_manifest_version = 2\n[application]\nname = \"many\"\n[[trigger.http]]\nroute = \"/...\"\ncomponent = \"m\"\n[component.m]\nsource = \"m.wasm\"\nfiles = [{ source = \"data\", destination = \"/\" }]\n".utf8)
            .write(to: URL(fileURLWithPath: app + "/spin.toml"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: URL(fileURLWithPath: app + "/m.wasm"))
        try FileManager.default.createDirectory(atPath: app + "/data", withIntermediateDirectories: true)
        // 499 distinct files over 128 bytes + the wasm = 500 layers before the locked app.
        for index in 0..<499 {
            try Data(String(format: "%0129d", index).utf8).write(to: URL(fileURLWithPath: app + "/data/f\(index).txt"))
        }
        let (_, manifest, _) = try Self.build(app)
        #expect(manifest.layers.map(\.mediaType) == [.wasmContentLayer, .spinArchiveLayer, .spinApplication])
        try FileManager.default.removeItem(atPath: app + "/data/f0.txt")
        let (_, fewer, _) = try Self.build(app)
        #expect(fewer.layers.count == 1 + 498 + 1)
    }

    @Test func sourceDateEpochGivesCreatedAsSpinWritesIt() throws {
        var options = BuildOptions(format: .spin)
        options.sourceDateEpoch = 1_735_689_600
        let (_, manifest, _) = try Self.build("spin-hello", options: options)
        #expect(manifest.annotations?[AnnotationKey.created] == "2025-01-01T00:00:00+00:00")
        let (_, withoutEpoch, _) = try Self.build("spin-hello")
        #expect(withoutEpoch.annotations?[AnnotationKey.created] == nil)
    }

    @Test func theSameFileTwiceIsOneDataLayer() throws {
        let app = try TestScratch.folder("spin-dedup")
        try Data("spin_manifest_version = 2\n[application]\nname = \"d\"\n[[trigger.http]]\nroute = \"/a\"\ncomponent = \"a\"\n[[trigger.http]]\nroute = \"/b\"\ncomponent = \"b\"\n[component.a]\nsource = \"m.wasm\"\nfiles = [\"big.txt\"]\n[component.b]\nsource = \"m.wasm\"\nfiles = [\"big.txt\"]\n".utf8)
            .write(to: URL(fileURLWithPath: app + "/spin.toml"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: URL(fileURLWithPath: app + "/m.wasm"))
        try Data(repeating: 0x78, count: 300).write(to: URL(fileURLWithPath: app + "/big.txt"))
        let (_, manifest, _) = try Self.build(app)
        #expect(manifest.layers.map(\.mediaType) == [.wasmContentLayer, .spinDataLayer, .spinApplication])
    }

    /// formats.md §2.3: Spin pushes component by component (wasm, dependencies, files), not every
    /// wasm first and every file after.
    @Test func layersGoComponentByComponentWasmThenFiles() throws {
        let app = try TestScratch.folder("spin-order")
        try Data("spin_manifest_version = 2\n[application]\nname = \"o\"\n[[trigger.http]]\nroute = \"/a\"\ncomponent = \"a\"\n[[trigger.http]]\nroute = \"/b\"\ncomponent = \"b\"\n[component.a]\nsource = \"a.wasm\"\nfiles = [\"a.txt\"]\n[component.b]\nsource = \"b.wasm\"\nfiles = [\"b.txt\"]\n".utf8)
            .write(to: URL(fileURLWithPath: app + "/spin.toml"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: URL(fileURLWithPath: app + "/a.wasm"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 0, 1, 0]).write(to: URL(fileURLWithPath: app + "/b.wasm"))
        try Data(repeating: 0x61, count: 300).write(to: URL(fileURLWithPath: app + "/a.txt"))
        try Data(repeating: 0x62, count: 300).write(to: URL(fileURLWithPath: app + "/b.txt"))
        let (_, manifest, _) = try Self.build(app)
        #expect(manifest.layers.map(\.mediaType) == [.wasmContentLayer, .spinDataLayer, .wasmContentLayer, .spinDataLayer, .spinApplication])
    }

    @Test func aRemoteSourceIsRefusedAndNothingIsWritten() throws {
        let app = try TestScratch.folder("spin-remote")
        try Data("spin_manifest_version = 2\n[application]\nname = \"r\"\n[[trigger.http]]\nroute = \"/...\"\ncomponent = \"r\"\n[component.r]\nsource = { url = \"https://example.com/r.wasm\", digest = \"sha256:93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476\" }\n".utf8)
            .write(to: URL(fileURLWithPath: app + "/spin.toml"))
        let output = app + "/out"
        #expect {
            try Builder().build(path: app, options: BuildOptions(format: .spin, output: output), workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description.contains("component 'r' has a remote or registry source") == true
        }
        #expect(!FileManager.default.fileExists(atPath: output + "/index.json"))
    }

    @Test func theSpinShimTargetsAcceptTheFormatAndTheOriginalAKSShimRefusesIt() throws {
        for target in [RuntimeTarget.spinKube, .spinShimV2] {
            #expect(try RuntimeTarget.resolve(BuildOptions(format: .spin, target: target)) == target)
        }
        #expect(try RuntimeTarget.resolve(BuildOptions(format: .spin)) == .spinKube)
        #expect {
            try RuntimeTarget.resolve(BuildOptions(format: .spin, target: .aksWasiV1))
        } throws: { error in
            let text = (error as? BuildError)?.description ?? ""
            return text.contains("--format spin contradicts --target aks-wasi-v1") && text.contains("Spin 2.0")
        }
        #expect(throws: BuildError.self) { try RuntimeTarget.resolve(BuildOptions(format: .spin, target: .wws)) }
    }

    @Test func spinShimV2BuildsNoteTheContainerdVersionItNeeds() throws {
        var options = BuildOptions(format: .spin, target: .spinShimV2)
        options.output = try TestScratch.folder("spin") + "/layout"
        let result = try Builder().build(path: Support.testdata + "/spin-hello", options: options, workingDirectory: "/")
        #expect(result.notes.contains { $0.contains("containerd 1.6.25+, 1.7.7+") })
    }

    @Test func theTargetsChecksRunForTheSpinFormatToo() throws {
        // Same app, same target: whatever the image format's checks refuse, the spin format refuses.
        let app = Support.testdata + "/checks"
        let entries = try FileManager.default.contentsOfDirectory(atPath: app).sorted()
        var refused = 0
        for entry in entries where FileManager.default.fileExists(atPath: app + "/" + entry + "/spin.toml") {
            let image = Result { try Self.build(app + "/" + entry, options: BuildOptions(format: .image)) }
            let spin = Result { try Self.build(app + "/" + entry, options: BuildOptions(format: .spin)) }
            if case .failure(let error as BuildError) = image, case .check = error {
                guard case .failure(let spinError as BuildError) = spin, case .check = spinError else {
                    Issue.record("\(entry): the image build failed its checks but the spin build did not")
                    continue
                }
                refused += 1
            }
        }
        #expect(refused > 0)
    }
}

/// The v1 → v2 conversion details Spin applies before locking (compat.rs).
@Suite("Spin locked app from a v1 manifest")
struct SpinVersion1LockedAppTests {
    @Test func httpHostsBecomeOutboundHostsOverBothSchemesAndVariablesAreKept() throws {
        let app = try TestScratch.folder("spin-v1")
        try Data("""
            spin_manifest_version = "1"
            name = "v1"
            trigger = { type = "http", base = "/" }
            [variables]
            token = { required = true, secret = true }
            greeting = { default = "hi" }
            [[component]]
            id = "a"
            source = "m.wasm"
            allowed_http_hosts = ["example.com", "https://api.example.com:8443/", "self"]
            [component.trigger]
            route = "/a"
            [component.config]
            message = "{{ greeting }}"
            [[component]]
            id = "b"
            source = "m.wasm"
            allowed_http_hosts = ["insecure:allow-all"]
            allowed_outbound_hosts = ["redis://cache:6379"]
            [component.trigger]
            route = "/b"
            """.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        try Data([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]).write(to: URL(fileURLWithPath: app + "/m.wasm"))
        let (layout, manifest, _) = try SpinRegistryFormatTests.build(app)
        let locked = try String(decoding: SpinRegistryFormatTests.blob(layout, manifest.layers.last!.digest), as: UTF8.self)
        #expect(locked.contains(#""variables":{"greeting":{"default":"hi"},"token":{"secret":true}}"#))
        #expect(locked.contains(#""allowed_outbound_hosts":["redis://*:*","mysql://*:*","postgres://*:*","http://example.com","https://example.com","http://api.example.com:8443","https://api.example.com:8443","http://self"]"#))
        #expect(locked.contains(#""allowed_outbound_hosts":["redis://cache:6379","http://*:*","https://*:*","http://self"]"#))
        #expect(locked.contains(#""config":{"message":"{{ greeting }}"}"#))
        #expect(locked.contains(#"{"id":"trigger-b","trigger_type":"http","trigger_config":{"component":"b","route":"/b"}}"#))
    }
}
