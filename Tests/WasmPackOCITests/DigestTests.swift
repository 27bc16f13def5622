import Testing
import WasmPackOCI

@Suite("Digest")
struct DigestTests {
    @Test func hashesLikeSha256sum() {
        #expect(SHA256Hasher.digest(of: Array("{}".utf8)).description
            == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
        #expect(SHA256Hasher.digest(of: [UInt8]()).description
            == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func incrementalHashingEqualsOneShot() {
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hasher = SHA256Hasher()
        for chunk in stride(from: 0, to: bytes.count, by: 4096) {
            bytes[chunk..<min(chunk + 4096, bytes.count)].withUnsafeBytes { hasher.update($0) }
        }
        #expect(hasher.finalize() == SHA256Hasher.digest(of: bytes))
    }

    @Test func parsesAValidDigest() throws {
        let text = "sha256:" + String(repeating: "a1", count: 32)
        #expect(try Digest(parsing: text).description == text)
    }

    static let upper = "sha256:" + String(repeating: "A", count: 64)
    static let nonHex = "sha256:" + String(repeating: "g", count: 64)
    static let malformed: [(String, DigestError)] = [
        ("sha256", .missingAlgorithm("sha256")),
        ("md5:abcd", .unsupportedAlgorithm("md5:abcd", algorithm: "md5")),
        ("sha256:abc", .invalidHex("sha256:abc", expectedLength: 64)),
        (upper, .invalidHex(upper, expectedLength: 64)),
        (nonHex, .invalidHex(nonHex, expectedLength: 64)),
    ]

    @Test(arguments: malformed)
    func rejectsMalformedDigests(text: String, expected: DigestError) {
        #expect(throws: expected) { try Digest(parsing: text) }
    }

    static let timestamps: [(Int64, String)] = [
        (0, "1970-01-01T00:00:00Z"),
        (1_735_689_600, "2025-01-01T00:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (1_700_000_000, "2023-11-14T22:13:20Z"),
    ]

    @Test(arguments: timestamps)
    func formatsSourceDateEpochAsRFC3339(seconds: Int64, expected: String) {
        #expect(Timestamp.rfc3339(secondsSinceEpoch: seconds) == expected)
    }
}
