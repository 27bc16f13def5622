import Foundation
import Testing
import WasmPackPlatform

/// The small helpers that replaced full Foundation's (NSString paths, DateFormatter, FileHandle,
/// String(format:)) behave as those did for what wasmpack gives them.
@Suite struct PlatformHelperTests {
    @Test(arguments: [
        ("a/b.wasm", "b.wasm", "a", "wasm"), ("a/b/", "b", "a", ""), ("/", "/", "/", ""), ("", "", "", ""),
        ("/a", "a", "/", ""), ("a", "a", "", ""), ("d", "d", "", ""), ("x/.wws", ".wws", "x", ""), ("a/b.tar.gz", "b.tar.gz", "a", "gz"),
        ("//a//b//", "b", "//a", ""),
    ])
    func pathNamesSplitAsNSStringDid(path: String, last: String, parent: String, pathExtension: String) {
        #expect(PathName.lastComponent(path) == last)
        #expect(PathName.deletingLastComponent(path) == parent)
        #expect(PathName.pathExtension(path) == pathExtension)
    }

    @Test func httpDatesAreReadAsIMFFixdate() {
        #expect(HTTPDate.secondsSince1970("Sun, 06 Nov 1994 08:49:37 GMT") == 784_111_777)
        #expect(HTTPDate.secondsSince1970("Thu, 01 Jan 1970 00:00:00 GMT") == 0)
        #expect(HTTPDate.secondsSince1970("Tue, 29 Feb 2028 23:59:59 GMT") == 1_835_481_599)
        for bad in ["", "120", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 32 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT"] {
            #expect(HTTPDate.secondsSince1970(bad) == nil, "\(bad)")
        }
    }

    @Test func oneDecimalRoundsAsPrintfDid() {
        #expect(0.0.oneDecimal == "0.0")
        #expect(2.5.oneDecimal == "2.5")
        #expect(1.26.oneDecimal == "1.3")
        #expect(1023.96.oneDecimal == "1024.0")
        #expect((-0.25).oneDecimal == "-0.3")
    }

    @Test func filesAreReadBoundedAndReplacedWhole() throws {
        let folder = NSTemporaryDirectory() + "platform-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/file"
        try FileContents.replace(atPath: path, with: Array("first".utf8))
        try FileContents.replace(atPath: path, with: Array("second".utf8))
        try FileContents.append(Array("+more".utf8), toPath: path)
        #expect(try FileContents.read(atPath: path, upTo: 100) == Array("second+more".utf8))
        #expect(try FileContents.read(atPath: path, upTo: 3) == Array("sec".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["file"])
        #expect(FileKind(atPath: path) == .regular)
        #expect(FileKind(atPath: folder) == .directory)
        #expect(FileKind(atPath: folder + "/missing") == nil)
        #expect(throws: SystemError(code: ENOENT)) { try FileContents.read(atPath: folder + "/missing", upTo: 1) }
        #expect(throws: SystemError(code: ENOENT)) { try FileContents.replace(atPath: folder + "/no/such", with: []) }
        var chunks: [Int] = []
        try FileContents.forEachChunk(atPath: path, chunkSize: 4) { chunks.append($0.count) }
        #expect(chunks == [4, 4, 3])
    }

    @Test func environmentAndTerminalQueries() {
        #expect(SystemCall.environment("PATH") == ProcessInfo.processInfo.environment["PATH"])
        #expect(SystemCall.environment("WASMPACK_SURELY_UNSET_\(UUID().uuidString.prefix(8))") == nil)
        let devNull = open("/dev/null", O_RDONLY)
        defer { close(devNull) }
        #expect(!SystemCall.isTerminal(devNull))
        #expect(SystemCall.terminalSize(devNull) == nil)
    }

    @Test func aSpawnedChildGetsItsOwnGroupTheDirectoryAndTheStatus() throws {
        let pid = try ProcessSpawn.spawn(
            executable: "/bin/sh", arguments: ["sh", "-c", "set -- $(cat /proc/$$/stat); test \"$(pwd)\" = / && test \"$5\" = $$ && exit 7"],
            standardOutput: 2, standardError: 2, directory: "/")
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        #expect(ProcessSpawn.exitCode(status: status) == (7, 0))
        #expect(throws: SystemError(code: ENOENT)) {
            try ProcessSpawn.spawn(executable: "/no/such/tool", arguments: ["tool"], standardOutput: 2, standardError: 2)
        }
    }
}
