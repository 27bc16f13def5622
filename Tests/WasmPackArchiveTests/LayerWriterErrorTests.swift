import Foundation
import Testing
import WasmPackArchive

@Suite("LayerWriter errors")
struct LayerWriterErrorTests {
    @Test(arguments: ["../escape", "a/../../b", "/etc/passwd", "a//b", "a/", "./a", "a/./b", "", "a\u{0}b"])
    func pathsThatCouldEscapeOrAreNotCleanAreRejected(path: String) throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let source = try directory.write("input", "x")
        let error = #expect(throws: ArchiveError.self) {
            try LayerWriter().write(entries: [LayerEntry(path: path, sourceFile: source)], to: directory.path + "/layer.tar.gz")
        }
        guard case .invalidPath(let reported, _) = error else {
            Issue.record("expected invalidPath, got \(String(describing: error))")
            return
        }
        #expect(reported == path)
        #expect(!directory.exists("layer.tar.gz"))
    }

    @Test func duplicatePathsAreRejected() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let first = try directory.write("one", "1")
        let second = try directory.write("two", "2")
        #expect(throws: ArchiveError.duplicatePath("app/x")) {
            try LayerWriter().write(
                entries: [LayerEntry(path: "app/x", sourceFile: first), LayerEntry(path: "app/x", sourceFile: second)],
                to: directory.path + "/layer.tar.gz")
        }
        #expect(!directory.exists("layer.tar.gz"))
    }

    @Test func aFileCannotAlsoBeAParentDirectory() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let source = try directory.write("input", "x")
        #expect(throws: ArchiveError.fileUsedAsDirectory("app")) {
            try LayerWriter().write(
                entries: [LayerEntry(path: "app", sourceFile: source), LayerEntry(path: "app/x", sourceFile: source)],
                to: directory.path + "/layer.tar.gz")
        }
    }

    @Test func aMissingInputIsNamedAndLeavesNoDestination() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        // The missing file sorts last, so the destination has been written to before the failure.
        let present = try directory.write("present", [UInt8](repeating: 7, count: 100_000))
        let missing = directory.path + "/does-not-exist.wasm"
        let error = #expect(throws: ArchiveError.self) {
            try LayerWriter().write(
                entries: [LayerEntry(path: "a", sourceFile: present), LayerEntry(path: "z", sourceFile: missing)],
                to: directory.path + "/layer.tar.gz")
        }
        #expect(error == .cannotOpenInput(missing, errno: ENOENT))
        #expect(error?.description == "cannot read '\(missing)': No such file or directory")
        #expect(!directory.exists("layer.tar.gz"))
    }

    @Test func aDirectoryAsInputIsRejected() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        #expect(throws: ArchiveError.notARegularFile(directory.path)) {
            try LayerWriter().write(entries: [LayerEntry(path: "d", sourceFile: directory.path)], to: directory.path + "/layer.tar.gz")
        }
        #expect(!directory.exists("layer.tar.gz"))
    }

    /// Opened with O_NONBLOCK, so a FIFO that took a file's place after the app was read is
    /// refused instead of blocking the build (issue 7 item 6).
    @Test func aFIFOAsInputIsRejectedWithoutBlocking() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let fifo = directory.path + "/m.wasm"
        #expect(mkfifo(fifo, 0o644) == 0)
        // A regression would block in open; a writer then arrives and the write succeeds, failing
        // the expectation rather than hanging the suite.
        Thread {
            Thread.sleep(forTimeInterval: 10)
            let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 { close(descriptor) }
        }.start()
        #expect(throws: ArchiveError.notARegularFile(fifo)) {
            try LayerWriter().write(entries: [LayerEntry(path: "m.wasm", sourceFile: fifo)], to: directory.path + "/layer.tar.gz")
        }
        #expect(!directory.exists("layer.tar.gz"))
    }

    @Test func anInputLongerThanItsStatSizeIsAnError() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        // procfs files report size 0 but have content: the same as a file growing while read.
        let error = #expect(throws: ArchiveError.self) {
            try LayerWriter().write(entries: [LayerEntry(path: "v", sourceFile: "/proc/version")], to: directory.path + "/layer.tar.gz")
        }
        guard case .inputChanged("/proc/version", expectedSize: 0, readSize: _) = error else {
            Issue.record("expected inputChanged, got \(String(describing: error))")
            return
        }
        #expect(error?.description.contains("'/proc/version' changed while it was being read") == true)
        #expect(!directory.exists("layer.tar.gz"))
    }

    @Test func anUncreatableDestinationIsNamed() throws {
        let destination = "/nonexistent-wasmpack-dir/layer.tar.gz"
        #expect(throws: ArchiveError.cannotCreateOutput(destination, errno: ENOENT)) {
            try LayerWriter().write(entries: [], to: destination)
        }
    }

    @Test func anInvalidCompressionLevelIsAZlibErrorNamingTheDestination() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let destination = directory.path + "/layer.tar.gz"
        let error = #expect(throws: ArchiveError.self) {
            try LayerWriter(compressionLevel: 42).write(entries: [], to: destination)
        }
        guard case .compressionFailed(destination, _, _) = error else {
            Issue.record("expected compressionFailed, got \(String(describing: error))")
            return
        }
        #expect(!directory.exists("layer.tar.gz"))
    }
}
