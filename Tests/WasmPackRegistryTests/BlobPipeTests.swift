import Foundation
import Testing
@testable import WasmPackRegistry

@Suite("A blob pipe between a download and an upload")
struct BlobPipeTests {
    /// Reads the pipe to its end the way a request body does.
    func drain(_ pipe: BlobPipe) -> (bytes: [UInt8], end: BlobPipe.ReadResult) {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1000)
        while true {
            let result = buffer.withUnsafeMutableBytes { pipe.read(into: $0.baseAddress!, capacity: $0.count) }
            guard case .bytes(let count) = result else { return (bytes, result) }
            bytes += buffer[0..<count]
        }
    }

    @Test func everyByteWrittenIsReadInOrderThoughThePipeHoldsOnlyAFew() throws {
        let pipe = BlobPipe(capacity: 2)
        let data = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let writer = Thread {
            for start in stride(from: 0, to: data.count, by: 4096) {
                try? data[start..<min(start + 4096, data.count)].withUnsafeBytes { try pipe.write($0) }
            }
            pipe.finish()
        }
        writer.start()
        let (bytes, end) = drain(pipe)
        #expect(bytes == data)
        guard case .end = end else { Issue.record("expected the end, got \(end)"); return }
    }

    @Test func aFailedWriterFailsTheReaderAfterWhatWasBuffered() {
        let pipe = BlobPipe()
        [UInt8](repeating: 7, count: 10).withUnsafeBytes { try? pipe.write($0) }
        pipe.fail(RegistryError.tooManyRedirects(request: "GET blob"))
        let (bytes, end) = drain(pipe)
        #expect(bytes.count == 10)
        guard case .failed(let error) = end else { Issue.record("expected a failure, got \(end)"); return }
        #expect("\(error)".contains("redirects"))
    }

    @Test func aClosedReaderStopsABlockedWriter() {
        let pipe = BlobPipe(capacity: 1)
        let stopped = DispatchSemaphore(value: 0)
        let writer = Thread {
            var refused = false
            for _ in 0..<10 {
                do { try [UInt8](repeating: 1, count: 100).withUnsafeBytes { try pipe.write($0) } } catch { refused = true; break }
            }
            if refused { stopped.signal() }
        }
        writer.start()
        pipe.close()
        #expect(stopped.wait(timeout: .now() + 30) == .success)
    }

    @Test func aPipeFeedsOneRequestBodyOnly() {
        let pipe = BlobPipe()
        #expect(pipe.claim())
        #expect(!pipe.claim())
    }
}

@Suite("Tag list pages")
struct TagListPageTests {
    @Test(arguments: [
        (#"</v2/app/tags/list?n=2&last=b>; rel="next""#, "http://r:5000/v2/app/tags/list?n=2&last=b"),
        (#"<http://r:5000/v2/app/tags/list?last=b>;rel=next"#, "http://r:5000/v2/app/tags/list?last=b"),
        (#"</v2/app/tags/list?last=a>; rel="prev", </v2/app/tags/list?last=c>; rel="next""#, "http://r:5000/v2/app/tags/list?last=c"),
    ])
    func theNextLinkIsFoundAndResolvedAgainstThePage(header: String, next: String) {
        #expect(TagLister.nextPage([header], against: "http://r:5000/v2/app/tags/list?n=2") == next)
    }

    @Test func aPageWithoutANextLinkIsTheLast() {
        #expect(TagLister.nextPage([], against: "http://r:5000/v2/app/tags/list") == nil)
        #expect(TagLister.nextPage([#"</v2/app/tags/list?last=a>; rel="prev""#], against: "http://r:5000/v2/app/tags/list") == nil)
    }
}
