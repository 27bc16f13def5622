import Foundation
import Testing
import WasmPackTestSupport

/// A pull writes each blob in pieces of at least 256 KiB, not in libcurl's 16 KiB deliveries
/// (measured 1.6× slower to the page cache), seen from outside with strace.
@Suite("Pull write sizes", .enabled(if: TestRegistry.isAvailable))
struct PullWriteSizeTests {
    let cli = Wasmpack()
    static let strace = "/usr/bin/strace"
    static let minimumWrite = 256 << 10

    /// A valid wasm module of about `size` bytes: one custom section of random bytes.
    static func module(size: Int) -> Data {
        var payload = [UInt8](repeating: 0, count: size)
        var generator = SystemRandomNumberGenerator()
        for index in payload.indices where index % 8 == 0 {
            withUnsafeBytes(of: generator.next() as UInt64) { bytes in
                for offset in 0..<min(8, size - index) { payload[index + offset] = bytes[offset] }
            }
        }
        let section = [UInt8(1), UInt8(ascii: "x")] + payload  // name length, name, contents
        var length = section.count
        var leb: [UInt8] = []
        repeat {
            var byte = UInt8(length & 0x7f)
            length >>= 7
            if length != 0 { byte |= 0x80 }
            leb.append(byte)
        } while length != 0
        return Data([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x00] + leb + section)
    }

    @Test func aPulledBlobReachesTheDiskInWritesOfAtLeast256KiB() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let work = try cli.temporaryDirectory()
        let size = 4 << 20
        try Self.module(size: size).write(to: URL(fileURLWithPath: work + "/big.wasm"))
        #expect(try cli.run(["build", work + "/big.wasm", "--format", "wasm-to-oci", "-o", work + "/layout"]).status == 0)
        let reference = "\(registry.host)/writes/app:v1"
        let push = try cli.run(["push", reference, "--layout", work + "/layout"], isolatedHome: true)
        #expect(push.status == 0, "\(push.stderr)")

        let trace = work + "/trace"
        let pull = try ExternalCommand.run(
            Self.strace, ["-f", "-e", "trace=write", "-o", trace, Wasmpack.executable, "pull", reference, "-o", work + "/pulled"])
        #expect(pull.status == 0, "\(pull.errorOutput)")

        // `1234  write(7, "\0asm"..., 262144) = 262144`: the sizes written, per file descriptor.
        var writes: [String: [Int]] = [:]
        for line in try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n") {
            guard let call = line.range(of: "write(") else { continue }
            let descriptor = line[call.upperBound...].prefix { $0.isNumber }
            guard let equals = line.range(of: ") = ", options: .backwards), let written = Int(line[equals.upperBound...]) else { continue }
            writes[String(descriptor), default: []].append(written)
        }
        // The blob's file is the descriptor most bytes went to; a smaller file may reuse the
        // number once the blob is closed, so look at the writes that add up to the blob.
        let all = try #require(writes.values.max { $0.reduce(0, +) < $1.reduce(0, +) })
        var blob: [Int] = []
        for written in all where blob.reduce(0, +) < size { blob.append(written) }
        #expect(blob.reduce(0, +) >= size, "\(all)")
        #expect(blob.dropLast().allSatisfy { $0 >= Self.minimumWrite }, "\(all)")
    }
}
