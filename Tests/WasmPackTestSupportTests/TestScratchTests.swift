import Foundation
import Testing
@testable import WasmPackTestSupport

/// Test runs leave nothing in the system temporary directory: every test folder is inside the
/// process's scratch folder, and a run killed before its exit cleanup is cleaned up by the next.
@Suite("Test scratch folder")
struct TestScratchTests {
    @Test func foldersAreFreshAndInsideTheProcessFolder() throws {
        let first = try TestScratch.folder("scratch-test")
        let second = try TestScratch.folder("scratch-test")
        #expect(first != second)
        #expect(first.hasPrefix(TestScratch.root + "/") && second.hasPrefix(TestScratch.root + "/"))
        #expect(TestScratch.root == FileManager.default.temporaryDirectory.path + "/wasmpack-tests-\(getpid())")
        #expect(try FileManager.default.contentsOfDirectory(atPath: first).isEmpty)
    }

    @Test func theFolderOfADeadRunIsRemovedAndALiveOneKept() throws {
        let parent = try TestScratch.folder("dead-runs")
        // A process that has ended and been reaped: its pid names no process (until reused).
        let ended = Process()
        ended.executableURL = URL(fileURLWithPath: "/bin/true")
        try ended.run()
        ended.waitUntilExit()
        let dead = parent + "/wasmpack-tests-\(ended.processIdentifier)"
        let live = parent + "/wasmpack-tests-\(getpid())"
        let other = parent + "/wasmpack-other-\(ended.processIdentifier)"
        for folder in [dead, live, other] {
            try FileManager.default.createDirectory(atPath: folder + "/inside", withIntermediateDirectories: true)
        }
        TestScratch.removeFoldersOfDeadRuns(in: parent)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: other))
    }
}
