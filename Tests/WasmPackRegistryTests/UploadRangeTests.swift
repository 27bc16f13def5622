import Testing
@testable import WasmPackRegistry

@Suite("Upload session ranges")
struct UploadRangeTests {
    @Test(arguments: [
        ("0-1023", Int64(1024)), ("bytes=0-1023", 1024), ("0-0", 0), ("0-1", 2), (" 0-99 ", 100),
    ])
    func rangeHeadersGiveTheBytesTheSessionHolds(header: String, held: Int64) {
        #expect(BlobUploader.bytesHeld(header) == held)
    }

    @Test func aMissingOrGarbledRangeIsUnknown() {
        #expect(BlobUploader.bytesHeld(nil) == nil)
        #expect(BlobUploader.bytesHeld("abc") == nil)
    }
}
