import Foundation
import WasmPackTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Test content the interrupt and concurrency tests need.
enum InterruptFixture {
    /// Writes an OCI layout whose image has `layers` random layers of `size` bytes each (plain
    /// tar media type; only pulled, never unpacked), tagged latest.
    static func manyBlobLayout(at root: String, layers: Int, size: Int) throws {
        let script = """
        import hashlib, json, os, sys
        root, count, size = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        os.makedirs(root + "/blobs/sha256")
        def blob(data, media_type):
            digest = hashlib.sha256(data).hexdigest()
            with open(root + "/blobs/sha256/" + digest, "wb") as f:
                f.write(data)
            return {"mediaType": media_type, "digest": "sha256:" + digest, "size": len(data)}
        config = blob(json.dumps({"architecture": "wasm", "os": "wasi", "rootfs": {"type": "layers", "diff_ids": []}}).encode(),
                      "application/vnd.oci.image.config.v1+json")
        layers = [blob(os.urandom(size), "application/vnd.oci.image.layer.v1.tar") for _ in range(count)]
        manifest = blob(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                                    "config": config, "layers": layers}).encode(),
                        "application/vnd.oci.image.manifest.v1+json")
        manifest["annotations"] = {"org.opencontainers.image.ref.name": "latest"}
        with open(root + "/index.json", "w") as f:
            json.dump({"schemaVersion": 2, "manifests": [manifest]}, f)
        with open(root + "/oci-layout", "w") as f:
            f.write('{"imageLayoutVersion":"1.0.0"}')
        """
        let result = try ExternalCommand.run("/usr/bin/python3", ["-c", script, root, String(layers), String(size)])
        guard result.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: root]) }
    }

    /// A copy of testdata/v2-multi with `count` more small files under assets/bulk, so that
    /// unpacking its layer takes long enough to be interrupted.
    static func bulkyApp(at app: String, count: Int) throws {
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v2-multi", toPath: app)
        let bulk = app + "/assets/bulk"
        try FileManager.default.createDirectory(atPath: bulk, withIntermediateDirectories: true)
        // Random bytes: the layer must not compress so well that an extraction limit refuses it.
        let random = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/urandom"))
        defer { try? random.close() }
        let bytes = try random.read(upToCount: 512 * count) ?? Data()
        for index in 0..<count {
            let piece = bytes.subdata(in: (index * 512)..<((index + 1) * 512))
            _ = FileManager.default.createFile(atPath: "\(bulk)/file-\(index).bin", contents: piece)
        }
    }

    /// One bulky app and its built layout for the whole test run (making 20 000 files and
    /// packing them takes seconds): (app folder, layout folder).
    static let bulky: Result<(app: String, layout: String), any Error> = Result {
        let work = try Wasmpack().temporaryDirectory()
        try bulkyApp(at: work + "/app", count: 20_000)
        let build = try Wasmpack().run(["build", "-o", work + "/layout"], in: work + "/app")
        guard build.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: work + "/layout"]) }
        return (work + "/app", work + "/layout")
    }

    /// Waits until `condition` holds (polling every few milliseconds) or `seconds` pass.
    static func waitUntil(seconds: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(5_000)
        }
        return false
    }

    /// Names in `directory` (hidden ones included) that start with `prefix`.
    static func entries(in directory: String, prefix: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix(prefix) }
    }
}
