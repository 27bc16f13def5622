import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// `--target`: each runtime gets its files where it reads them, to a fixed digest, and options
/// the runtime cannot use are refused naming both.
@Suite("Runtime targets")
struct RuntimeTargetTests {
    /// testdata app, target, golden digest (no SOURCE_DATE_EPOCH).
    static let golden: [(app: String, target: String, digest: String)] = [
        ("v2-multi", "spinkube", "sha256:6d34fe5f27917df86fb5c262812cec66b4356cadc1d45db178263282098f2841"),
        ("v2-multi", "spin-shim-v2", "sha256:6d34fe5f27917df86fb5c262812cec66b4356cadc1d45db178263282098f2841"),
        ("v1-wagi", "aks-wasi-v1", "sha256:081b115828c9608e07514e93b59ad94f80f24d45c324c8d77576ce80dd9a5047"),
        ("v2-multi", "aks-wasi-v1", "sha256:ff946a6fa00fcf2c37f27592744cb68e7dd4d60adeb81549b86e030bda442ada"),
        ("slight-app", "slight", "sha256:dc783c006211e21058551e87c8447064cbd0644f11ccd0128bb3a0b87ddbcba1"),
        ("wws-app", "wws", "sha256:08a6a61b97bbf9dce387c726b0eaa85065e9f919cd9cae6d11008ed6d45b7468"),
        ("lunatic/hello.wasm", "lunatic", "sha256:38b1f9bb90c91c55b39268bc91d47d30611ea5a1b8a57407521b0666f38400d3"),
    ]

    @Test(arguments: golden)
    func eachTargetBuildsItsTestdataAppToAGoldenDigest(app: String, target: String, digest: String) throws {
        let (result, _) = try Self.build(app, target: target)
        #expect(result.manifest.digest.description == digest, "\(target) \(app)")
    }

    @Test func theDefaultTargetIsSpinKubeAndGivesTodaysImage() throws {
        #expect(RuntimeTarget.default.name == "spinkube")
        let output = try TestScratch.folder("build") + "/layout"
        let plain = try Builder().build(path: Support.testdata + "/v2-multi", options: BuildOptions(output: output), workingDirectory: "/")
        let (targeted, _) = try Self.build("v2-multi", target: "spinkube")
        #expect(plain.manifest.digest == targeted.manifest.digest)
    }

    @Test func everyTargetSaysWhatTheRuntimeReads() {
        #expect(RuntimeTarget.all.map(\.name) == ["spinkube", "spin-shim-v2", "aks-wasi-v1", "slight", "wws", "lunatic"])
        #expect(Set(RuntimeTarget.all.map(\.name)).count == RuntimeTarget.all.count)
        for target in RuntimeTarget.all {
            #expect(!target.summary.isEmpty && !target.summary.contains("\n"))
            #expect(target.platforms.first == .wasiWasm, "\(target.name)")
            #expect(!target.runtimeClass.name.isEmpty && !target.runtimeClass.handler.isEmpty)
            #expect(!target.hostInterfaces.id.isEmpty)
            // Only the runtime that starts the Entrypoint's module may go without `command: ["/"]`.
            #expect((target.pod.command == nil) == target.readsEntrypoint, "\(target.name)")
        }
        #expect(RuntimeTarget.aksWasiV1.hostInterfaces.spinVersion == "0.4.0")
        #expect(RuntimeTarget.aksWasiV1.runtimeClass.nodeLabels[.aks] == ["kubernetes.azure.com/wasmtime-spin-v1": "true"])
        #expect(RuntimeTarget.lunatic.pod.containerPort == 3000 && RuntimeTarget.spinKube.pod.containerPort == 80)
    }

    @Test func aksWasiV1PacksSpinVersionOneAndLeavesTheSourceUntouched() throws {
        let copy = try Support.copyOfTestdata("v1-wagi")
        let before = try Data(contentsOf: URL(fileURLWithPath: copy + "/spin.toml"))
        let (_, layer) = try Self.build(copy, target: "aks-wasi-v1")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy + "/spin.toml")) == before)
        let packed = try #require(layer["spin.toml"]).text
        #expect(packed.hasPrefix("spin_version = \"1\"\n"), "\(packed)")
        #expect(!packed.contains("spin_manifest_version"))
        #expect(packed.contains("executor = { type = \"wagi\" }"))
        #expect(packed.contains("files = [{ source = \"wwwroot\", destination = \"/\" }]"))
        #expect(layer["bin/hello.wasm"]?.bytes == (try Data(contentsOf: URL(fileURLWithPath: copy + "/bin/hello.wasm"))))
    }

    @Test func aksWasiV1ConvertsAV2ManifestToTheV1Shape() throws {
        let (_, layer) = try Self.build("v2-multi", target: "aks-wasi-v1")
        let packed = try #require(layer["spin.toml"]).text
        #expect(packed == """
            spin_version = "1"
            name = "multi"
            version = "0.2.0"
            authors = ["wasmpack maintainers <maintainers@example.com>"]

            [trigger]
            type = "http"
            base = "/"

            [[component]]
            id = "api"
            source = "api/api.wasm"
            trigger = { route = "/api/..." }

            [[component]]
            id = "fileserver"
            source = "modules/fileserver.wasm"
            files = [{ source = "assets", destination = "/" }]
            trigger = { route = "/static/..." }

            """)
    }

    static let unconvertible: [(manifest: String, key: String)] = [
        ("[component.api]\nsource = \"api.wasm\"\nkey_value_stores = [\"default\"]\n", "component.api.key_value_stores"),
        ("[component.api]\nsource = \"api.wasm\"\nallowed_outbound_hosts = [\"https://example.com\"]\n", "component.api.allowed_outbound_hosts"),
        ("[variables]\ntoken = { required = true }\n[component.api]\nsource = \"api.wasm\"\n", "variables"),
        ("[component.api]\nsource = { url = \"https://example.com/a.wasm\", digest = \"sha256:\(String(repeating: "0", count: 64))\" }\n", "component.api.source"),
        ("[[trigger.redis]]\nchannel = \"c\"\ncomponent = \"api\"\n[component.api]\nsource = \"api.wasm\"\n", "trigger.redis"),
    ]

    @Test(arguments: unconvertible)
    func aksWasiV1RefusesAV2KeySpinZeroFourCannotExpress(manifest: String, key: String) throws {
        let app = try TestScratch.folder("v2-unconvertible")
        try FileManager.default.copyItem(atPath: Support.testdata + "/v2-multi/api/api.wasm", toPath: app + "/api.wasm")
        var text = "spin_manifest_version = 2\n[application]\nname = \"a\"\nversion = \"1.0.0\"\n"
        if !manifest.contains("[[trigger.") { text += "[[trigger.http]]\nroute = \"/...\"\ncomponent = \"api\"\n" }
        try (text + manifest).write(toFile: app + "/spin.toml", atomically: true, encoding: .utf8)
        let output = app + "/out"
        var options = BuildOptions(output: output)
        options.target = .aksWasiV1
        #expect {
            _ = try Builder().build(path: app, options: options, workingDirectory: "/")
        } throws: { error in
            let text = (error as? BuildError)?.description ?? ""
            return text.contains(key + " cannot be written for --target aks-wasi-v1") && !text.contains("\n")
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func slightGetsTheModuleAsAppWasmAndTheSlightfile() throws {
        let (_, layer) = try Self.build("slight-app", target: "slight")
        #expect(layer.keys.sorted() == ["app.wasm", "slightfile.toml"])
        #expect(layer["app.wasm"]?.bytes == (try Self.testdataBytes("slight-app/http_server.wasm")))
        #expect(layer["slightfile.toml"]?.bytes == (try Self.testdataBytes("slight-app/slightfile.toml")))
    }

    @Test func slightTakesTheModuleFromDashDashModule() throws {
        let app = try TestScratch.folder("slight")
        try FileManager.default.copyItem(atPath: Support.testdata + "/slight-app/slightfile.toml", toPath: app + "/slightfile.toml")
        for name in ["a.wasm", "b.wasm"] {
            try FileManager.default.copyItem(atPath: Support.testdata + "/slight-app/http_server.wasm", toPath: app + "/" + name)
        }
        var options = BuildOptions(output: app + "/out")
        options.target = .slight
        #expect {
            _ = try Builder().build(path: app, options: options, workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description.contains("several .wasm files (a.wasm, b.wasm); --target slight packs one module, so name it with --module PATH") == true
        }
        options.module = "b.wasm"
        let result = try Builder().build(path: app, options: options, workingDirectory: app)
        #expect(result.layout == app + "/out")
    }

    @Test func wwsGetsTheWholeWorkerTreeAtTheRoot() throws {
        let (_, layer) = try Self.build("wws-app", target: "wws")
        let source = try Support.files(in: Support.testdata + "/wws-app")
        #expect(layer.keys.sorted() == source.keys.filter { !$0.hasPrefix(".wasmpack/") }.sorted())
        for (path, data) in source where !path.hasPrefix(".wasmpack/") {
            #expect(layer[path]?.bytes == data, "\(path)")
        }
        #expect(layer[".wws.toml"] != nil && layer["public/index.html"] != nil && layer["api/echo.wasm"] != nil)
    }

    @Test func lunaticGetsAnExecutableModuleNamedByTheEntrypoint() throws {
        let (result, layer) = try Self.build("lunatic/hello.wasm", target: "lunatic")
        #expect(layer.keys.sorted() == ["hello.wasm"])
        #expect(layer["hello.wasm"]?.mode == 0o755)
        #expect(try Self.entrypoint(result) == ["/hello.wasm"])

        var options = BuildOptions(output: try TestScratch.folder("build") + "/layout")
        options.target = .lunatic
        options.entrypoint = "/bin/app.wasm"
        let moved = try Builder().build(path: Support.testdata + "/lunatic/hello.wasm", options: options, workingDirectory: "/")
        #expect(try Self.entrypoint(moved) == ["/bin/app.wasm"])
        #expect(try Self.layerFiles(moved)["bin/app.wasm"]?.mode == 0o755)
    }

    @Test func wwsRefusesAFolderWithNoWorkerAndLunaticAnEntrypointOutsideTheRoot() throws {
        let folder = try TestScratch.folder("wws-empty")
        try FileManager.default.createDirectory(atPath: folder + "/public", withIntermediateDirectories: true)
        try "static".write(toFile: folder + "/public/index.html", atomically: true, encoding: .utf8)
        var options = BuildOptions(output: folder + "/out", target: .wws)
        #expect {
            _ = try Builder().build(path: folder, options: options, workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description == "'\(folder)' has no worker (.js or .wasm outside public/ and .wws/); wws would serve nothing, so check the path"
        }
        options.target = .lunatic
        options.entrypoint = "hello.wasm"
        #expect {
            _ = try Builder().build(path: Support.testdata + "/lunatic/hello.wasm", options: options, workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description.hasPrefix("invalid --entrypoint 'hello.wasm': give the module's path in the image") == true
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }

    static let contradictions: [(target: RuntimeTarget, change: @Sendable (inout BuildOptions) -> Void, message: String)] = [
        (.spinKube, { $0.format = .wasmToOCI },
         "--format wasm-to-oci contradicts --target spinkube, which needs --format image"),
        (.slight, { $0.platform = Platform(os: "linux", architecture: "amd64") },
         "--platform linux/amd64 contradicts --target slight, which needs wasi/wasm"),
        (.spinShimV2, { $0.entrypoint = "/app.wasm" },
         "--entrypoint /app.wasm contradicts --target spin-shim-v2, which needs no Entrypoint (its runtime ignores it)"),
        (.aksWasiV1, { $0.module = "x.wasm" }, "--module is for targets that pack one module"),
    ]

    @Test(arguments: 0..<contradictions.count)
    func anOptionTheTargetCannotUseIsAnErrorNamingBoth(index: Int) throws {
        let (target, change, message) = Self.contradictions[index]
        let output = try TestScratch.folder("build") + "/layout"
        var options = BuildOptions(output: output, target: target)
        change(&options)
        #expect {
            _ = try Builder().build(path: Support.testdata + "/v2-multi", options: options, workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description.hasPrefix(message) == true
        }
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test func withoutATargetOldPlatformsAndWasmToOCIStillBuild() throws {
        let output = try TestScratch.folder("build") + "/layout"
        _ = try Builder().build(
            path: Support.testdata + "/v2-multi",
            options: BuildOptions(output: output, platform: Platform(os: "linux", architecture: "amd64")), workingDirectory: "/")
        _ = try Builder().build(
            path: Support.testdata + "/bare/hello.wasm", options: BuildOptions(format: .wasmToOCI, output: output + "2"),
            workingDirectory: "/")
    }

    // MARK: - Helpers

    struct LayerFile {
        var bytes: Data
        var mode: Int
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    static func testdataBytes(_ path: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: Support.testdata + "/" + path))
    }

    static func build(_ app: String, target: String) throws -> (BuildResult, [String: LayerFile]) {
        let output = try TestScratch.folder("build") + "/layout"
        let runtime: RuntimeTarget = try #require(RuntimeTarget.named(target))
        let options = BuildOptions(output: output, target: runtime)
        let path = app.hasPrefix("/") ? app : Support.testdata + "/" + app
        let result = try Builder().build(path: path, options: options, workingDirectory: "/")
        try OCILayout(root: output).verify()
        return (result, try layerFiles(result))
    }

    static func imageManifest(_ result: BuildResult) throws -> ImageManifest {
        let layout = OCILayout(root: result.layout)
        return try layout.manifest(try layout.descriptor(tag: nil))
    }

    static func entrypoint(_ result: BuildResult) throws -> [String]? {
        let config = try imageManifest(result).config
        let data = try Data(contentsOf: URL(fileURLWithPath: result.layout + "/blobs/sha256/" + config.digest.encoded))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (json["config"] as? [String: Any])?["Entrypoint"] as? [String]
    }

    /// The regular files of the image's one layer, unpacked with bsdtar-compatible `tar`.
    static func layerFiles(_ result: BuildResult) throws -> [String: LayerFile] {
        let layer = try #require(try imageManifest(result).layers.first)
        let blob = result.layout + "/blobs/sha256/" + layer.digest.encoded
        let directory = try TestScratch.folder("unpack")
        let untar = try Support.run("/bin/tar", ["-xzf", blob, "-C", directory, "--no-same-owner"])
        try #require(untar.status == 0, "\(untar.stderr)")
        var files: [String: LayerFile] = [:]
        for (path, bytes) in try Support.files(in: directory) {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory + "/" + path)
            files[path] = LayerFile(bytes: bytes, mode: (attributes[.posixPermissions] as? Int) ?? 0)
        }
        return files
    }
}
