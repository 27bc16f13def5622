import Foundation
import Testing
import WasmPackBuild
import WasmPackTestSupport

/// wws runs files of the language runtimes installed in the project (`/.wws.toml`) as workers,
/// not only `.js` and `.wasm`. deislabs containerd-wasm-shims `images/wws-python` is such an app:
/// `hello.py`, the Python runtime under `.wws/` and `.wws.toml`, which wasmpack refused before
/// ("has no worker").
@Suite("wws target: runtime workers")
struct WWSRuntimeWorkerTests {
    /// A copy of images/wws-python's tree after `wws runtimes install python latest`; the runtime
    /// module itself is a stand-in.
    static func pythonProject(wwsToml: String?) throws -> String {
        let folder = try TestScratch.folder("wws-python")
        try "print('Content-Type: text/plain\\n\\nHello from Python')\n".write(toFile: folder + "/hello.py", atomically: true, encoding: .utf8)
        let runtime = folder + "/.wws/runtimes/wasmlabs/python/3.11.1+20230127-c8036b4"
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        try Data([0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]).write(to: URL(fileURLWithPath: runtime + "/python.wasm"))
        if let wwsToml { try wwsToml.write(toFile: folder + "/.wws.toml", atomically: true, encoding: .utf8) }
        return folder
    }

    static let installedPython = """
        version = 1

        [[repositories]]
        name = "wasmlabs"
        url = "https://workers.wasmlabs.dev/repository/v1/index.toml"

        [[repositories.runtimes]]
        name = "python"
        version = "3.11.1+20230127-c8036b4"
        tags = ["latest", "3.11", "3.11.1"]
        status = "active"
        extensions = ["py"]
        args = ["--", "/src/index.py"]

        """

    @Test func aPythonWorkerOfAnInstalledRuntimeBuildsWithTheWholeTree() throws {
        let folder = try Self.pythonProject(wwsToml: Self.installedPython)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let result = try Builder().build(path: folder, options: BuildOptions(output: folder + "/out", target: .wws), workingDirectory: "/")
        #expect(FileManager.default.fileExists(atPath: result.layout + "/index.json"))
    }

    @Test(arguments: [nil, "version = 1\n[[repositories]]\nname = \"wasmlabs\"\nurl = \"u\"\nruntimes = []\n", "not toml ["])
    func withoutThatRuntimeAPythonFileIsNoWorker(wwsToml: String?) throws {
        let folder = try Self.pythonProject(wwsToml: wwsToml)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect {
            _ = try Builder().build(path: folder, options: BuildOptions(output: folder + "/out", target: .wws), workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description.hasPrefix("'\(folder)' has no worker") == true
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }
}
