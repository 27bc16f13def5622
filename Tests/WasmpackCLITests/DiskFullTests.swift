import Foundation
import Testing
import WasmPackTestSupport

/// A full disk is reported with the system's reason and the path, on one line, and leaves the
/// existing output as it was (issue 7 item 13: extraction used to say only "Write failed").
@Suite("a full disk", .enabled(if: FullFilesystem.canMount, "mount -t tmpfs is not allowed here"))
struct DiskFullTests {
    let cli = Wasmpack(timeout: 60)

    private func expectOneLineNoSpace(_ run: Wasmpack.Run, naming path: String) {
        #expect(!run.timedOut)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let error = run.stderrLines.filter { $0.hasPrefix("Error: ") }
        #expect(error.count == 1, "\(run.stderr)")
        #expect(error.first?.contains("No space left on device") == true, "\(run.stderr)")
        #expect(error.first?.contains(path) == true, "\(run.stderr)")
    }

    @Test func buildIntoAFullFilesystem() throws {
        let disk = try FullFilesystem()
        defer { disk.remove() }
        let run = try cli.run(["build", "v2-multi", "-o", disk.path + "/layout"])
        expectOneLineNoSpace(run, naming: disk.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["filler"])
    }

    /// Pushes what `pushArguments` name, then pulls it with `--extract` onto a full disk.
    private func pullExtractOntoAFullDisk(_ pushArguments: [String], naming file: String) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let reference = "\(registry.host)/full/app:v1"
        let push = try cli.run(["push", reference] + pushArguments)
        try #require(push.status == 0, "\(push.stderr)")
        let layout = TestScratch.path("full-layout")
        defer { try? FileManager.default.removeItem(atPath: layout) }

        let disk = try FullFilesystem()
        defer { disk.remove() }
        let run = try cli.run(["pull", reference, "-o", layout, "--extract", disk.path])
        expectOneLineNoSpace(run, naming: disk.path + "/" + file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["filler"])
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func pullExtractIntoAFullFilesystem() throws {
        // The first file written, in the directory the user named.
        try pullExtractOntoAFullDisk(["v2-multi"], naming: "api/api.wasm")
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func pullExtractOfAWasmArtifactIntoAFullFilesystem() throws {
        try pullExtractOntoAFullDisk(["bare/hello.wasm", "--format", "wasm-to-oci"], naming: "hello.wasm")
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func loginWithAFullConfigDirectory() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let disk = try FullFilesystem()
        defer { disk.remove() }
        let run = try cli.run(["login", registry.host, "--username", registry.username!, "--password-stdin"],
                              environment: ["DOCKER_CONFIG": disk.path], input: registry.password! + "\n")
        expectOneLineNoSpace(run, naming: disk.path + "/config.json")
        #expect(!run.stderr.contains(registry.password!))
    }
}
