import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackTestSupport

/// Every `--target` image, pushed and then pulled and unpacked by containerd (what each wasm shim
/// sits on): the files are where that runtime reads them, with the modes it needs, and Lunatic's
/// Entrypoint names its module.
@Suite(
    "containerd unpacks every target's image",
    .enabled(if: TestRegistry.isAvailable && TestContainerd.isAvailable))
struct TargetContainerdTests {
    static let testdata = TransferFixture.testdata

    struct Case: Sendable, CustomStringConvertible {
        var target: RuntimeTarget
        var input: String
        /// Path in the image → the testdata file it must hold; nil means compare only presence.
        var files: @Sendable () throws -> [String: String?]
        var executable: [String] = []
        var entrypoint: [String]? = nil
        var description: String { target.name }
    }

    static let cases: [Case] = [
        Case(target: .spinShimV2, input: "v2-multi", files: {
            var files: [String: String?] = ["spin.toml": "v2-multi/spin.toml", "api/api.wasm": "v2-multi/api/api.wasm",
                                            "modules/fileserver.wasm": "v2-multi/modules/fileserver.wasm"]
            for path in try regularFiles(under: testdata + "/v2-multi/assets").keys { files["assets/" + path] = "v2-multi/assets/" + path }
            return files
        }),
        // The packed spin.toml is rewritten (checked by content below); the rest is byte for byte.
        Case(target: .aksWasiV1, input: "v1-wagi", files: {
            var files: [String: String?] = ["spin.toml": nil, "bin/hello.wasm": "v1-wagi/bin/hello.wasm"]
            for path in try regularFiles(under: testdata + "/v1-wagi/wwwroot").keys { files["wwwroot/" + path] = "v1-wagi/wwwroot/" + path }
            return files
        }),
        Case(target: .slight, input: "slight-app", files: {
            ["app.wasm": "slight-app/http_server.wasm", "slightfile.toml": "slight-app/slightfile.toml"]
        }),
        Case(target: .wws, input: "wws-app", files: {
            Dictionary(uniqueKeysWithValues: try regularFiles(under: testdata + "/wws-app").keys.map { ($0, "wws-app/" + $0) })
        }),
        Case(target: .lunatic, input: "lunatic/hello.wasm", files: { ["hello.wasm": "lunatic/hello.wasm"] },
             executable: ["hello.wasm"], entrypoint: ["/hello.wasm"]),
    ]

    @Test func containerdUnpacksEachTargetsFilesWhereItsRuntimeReadsThem() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let containerd = try TestContainerd.start()
        defer { containerd.stop() }

        for item in Self.cases {
            let output = try TestScratch.folder("layout") + "/layout"
            let result = try Builder().build(
                path: Self.testdata + "/" + item.input, options: BuildOptions(output: output, target: item.target),
                workingDirectory: "/")
            let layout = OCILayout(root: output)
            let reference = try TransferFixture.reference(registry.host, TransferFixture.uniqueRepository("ctr-\(item.target.name)"))
            _ = try Pusher(client: TransferFixture.client(for: registry)).push(layout: layout, tag: nil, to: reference)

            try containerd.checkCtr(["images", "pull", "--plain-http", "--platform", "wasi/wasm", reference.description])
            let mountPoint = try containerd.makeMountPoint()
            try containerd.checkCtr(["images", "mount", "--platform", "wasi/wasm", reference.description, mountPoint])
            let mounted = Result { try Self.regularFiles(under: mountPoint) }
            let modes = Result { try item.executable.map { try Self.mode(of: mountPoint + "/" + $0) } }
            try containerd.checkCtr(["images", "unmount", "--rm", mountPoint])

            let files = try mounted.get()
            let expected = try item.files()
            #expect(files.keys.sorted() == expected.keys.sorted(), "\(item.target.name)")
            for case let (path, source?) in expected {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.testdata + "/" + source))
                #expect(files[path] == bytes, "\(item.target.name): /\(path) differs from testdata/\(source)")
            }
            #expect(try modes.get().allSatisfy { $0 == 0o755 }, "\(item.target.name): \(item.executable) not 0755")
            if let packed = files["spin.toml"], item.target == .aksWasiV1 {
                let text = String(decoding: packed, as: UTF8.self)
                #expect(text.hasPrefix("spin_version = \"1\"\n") && !text.contains("spin_manifest_version"), "\(text)")
            }

            // The config containerd stored is ours, Entrypoint included where the runtime reads it.
            let manifest = try layout.manifest(try layout.descriptor(tag: nil))
            let config = try containerd.checkCtr(["content", "get", manifest.config.digest.description]).output
            let json = try #require(try JSONSerialization.jsonObject(with: config) as? [String: Any])
            #expect((json["config"] as? [String: Any])?["Entrypoint"] as? [String] == item.entrypoint, "\(item.target.name)")
            #expect(json["architecture"] as? String == "wasm")
            let listed = try containerd.checkCtr(["images", "ls"]).text
            #expect(listed.contains(result.manifest.digest.description), "\(item.target.name): \(listed)")
        }
    }

    /// Every regular file below `directory`, by path relative to it (hidden ones included).
    static func regularFiles(under directory: String) throws -> [String: Data] {
        let manager = FileManager.default
        var files: [String: Data] = [:]
        for case let path as String in manager.enumerator(atPath: directory)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue,
                  !path.hasPrefix(".wasmpack/") else { continue }
            files[path] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + path))
        }
        return files
    }

    static func mode(of path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? Int ?? 0) & 0o7777
    }
}
