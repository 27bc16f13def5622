import Foundation
import Testing
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// A blob copied from a file that is (or became, after an earlier check) a FIFO is refused
/// without opening it in blocking mode (issue 7 item 6).
@Suite("Special files as blob sources")
struct SpecialFileBlobTests {
    @Test func copyingAFIFOIntoTheLayoutIsRefusedWithoutBlocking() throws {
        let scratch = try TestScratch.folder("layout-fifo")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let fifo = scratch + "/m.wasm"
        #expect(mkfifo(fifo, 0o644) == 0)
        // Should the open ever block again, a writer arrives after 10 s and closes at once: the
        // copy then succeeds with 0 bytes and the expectation below fails instead of hanging.
        let unblocker = Thread {
            Thread.sleep(forTimeInterval: 10)
            let descriptor = open(fifo, O_WRONLY | O_NONBLOCK)
            if descriptor >= 0 { close(descriptor) }
        }
        unblocker.start()

        let transaction = try LayoutTransaction(destination: scratch + "/layout")
        let started = Date()
        var thrown: LayoutError?
        do { _ = try transaction.addBlob(copying: fifo, mediaType: .wasmContentLayer) } catch { thrown = error }
        #expect(thrown?.description == "cannot open '\(fifo)': it is not a regular file")
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
