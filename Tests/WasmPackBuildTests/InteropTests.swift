import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// Real OCI tools accept what wasmpack writes.
@Suite("Interop with skopeo, umoci and bsdtar")
struct InteropTests {
    static let builds: [(app: String, format: BuildFormat)] = [
        ("bare/hello.wasm", .wasmToOCI), ("v1-wagi", .image), ("v2-multi", .image), ("v2-multi", .wasmToOCI),
    ]

    func build(_ app: String, _ format: BuildFormat, tag: String = "t1") throws -> (layout: String, digest: Digest) {
        let output = try TestScratch.folder("interop") + "/layout"
        let component = (format == .wasmToOCI && app == "v2-multi") ? "fileserver" : nil
        let result = try Builder().build(
            path: Support.testdata + "/" + app,
            options: BuildOptions(format: format, output: output, tags: [tag], component: component),
            workingDirectory: "/")
        return (output, result.manifest.digest)
    }

    @Test(.enabled(if: Support.peersAvailable("skopeo")), arguments: builds)
    func skopeoCopiesEveryBuildOutOfTheLayout(app: String, format: BuildFormat) throws {
        let (layout, digest) = try build(app, format)
        let out = try TestScratch.folder("skopeo") + "/dir"
        let copy = try Support.run(Support.tool("skopeo") ?? "skopeo", ["copy", "oci:\(layout):t1", "dir:\(out)"])
        #expect(copy.status == 0, "skopeo: \(copy.stderr)")
        let manifest = try Data(contentsOf: URL(fileURLWithPath: out + "/manifest.json"))
        #expect(SHA256Hasher.digest(of: [UInt8](manifest)) == digest)
    }

    @Test(.enabled(if: Support.peersAvailable("umoci")), arguments: ["v1-wagi", "v2-multi"])
    func umociUnpacksTheImageToTheInputFilesByteForByte(app: String) throws {
        let (layout, _) = try build(app, .image)
        let stat = try Support.run(Support.tool("umoci") ?? "umoci", ["stat", "--image", "\(layout):t1"])
        #expect(stat.status == 0, "umoci stat: \(stat.stderr)")

        let rootfs = try TestScratch.folder("umoci") + "/rootfs"
        let unpack = try Support.run(Support.tool("umoci") ?? "umoci", ["raw", "unpack", "--rootless", "--image", "\(layout):t1", rootfs])
        #expect(unpack.status == 0, "umoci raw unpack: \(unpack.stderr)")

        let unpacked = try Support.files(in: rootfs)
        let source = Support.testdata + "/" + app
        let app = try WasmPackSpinFixture.expectedFiles(of: source)
        #expect(Set(unpacked.keys) == Set(app.keys))
        for (path, bytes) in app { #expect(unpacked[path] == bytes, "\(path) differs") }
    }

    @Test(.enabled(if: Support.peersAvailable("bsdtar")))
    func bsdtarListsTheLayerSortedOwnedByRootWithTheEpochMtime() throws {
        let output = try TestScratch.folder("bsdtar") + "/layout"
        var options = BuildOptions(output: output)
        options.sourceDateEpoch = 1_700_000_000
        _ = try Builder().build(path: Support.testdata + "/v2-multi", options: options, workingDirectory: "/")
        let layout = OCILayout(root: output)
        let layer = try layout.manifest(try layout.descriptor(tag: nil)).layers[0]
        let list = try Support.run(
            Support.tool("bsdtar") ?? "bsdtar", ["-tv", "--numeric-owner", "-f", layout.blobPath(for: layer.digest)],
            environment: ["TZ": "UTC"])
        #expect(list.status == 0, "bsdtar: \(list.stderr)")
        let lines = list.stdout.split(separator: "\n").map(String.init)
        let names = lines.map { $0.split(separator: " ", omittingEmptySubsequences: true).last.map(String.init) ?? "" }
        #expect(names == names.sorted { $0.split(separator: "/").lexicographicallyPrecedes($1.split(separator: "/")) })
        #expect(names.contains("spin.toml"))
        for line in lines {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            #expect(fields[2] == "0" && fields[3] == "0", "owner of \(line)")
            #expect(fields[0] == "-rw-r--r--" || fields[0] == "drwxr-xr-x", "mode of \(line)")
            #expect(line.contains("Nov 14  2023"), "mtime of \(line)")
        }
    }
}

/// What the image of a testdata app must contain: spin.toml plus every file the app names.
enum WasmPackSpinFixture {
    static func expectedFiles(of app: String) throws -> [String: Data] {
        var files = try Support.files(in: app).filter { !$0.key.hasSuffix(".wat") && !$0.key.hasPrefix(".wasmpack/") }
        files = files.filter { !$0.key.hasPrefix(".wasmpack") }
        return files
    }
}
