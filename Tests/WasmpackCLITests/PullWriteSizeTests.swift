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

        // -ff: one file per thread, so no call is split across lines; -y: each descriptor with its path.
        let traces = work + "/trace"
        try FileManager.default.createDirectory(atPath: traces, withIntermediateDirectories: true)
        let pull = try ExternalCommand.run(
            Self.strace, ["-f", "-ff", "-y", "-e", "trace=write", "-o", traces + "/t", Wasmpack.executable, "pull", reference, "-o", work + "/pulled"])
        #expect(pull.status == 0, "\(pull.errorOutput)")

        // `write(7</tmp/…/pulled…/x.blob>, "\0asm"..., 262144) = 262144`: the sizes written, per file.
        var writes: [String: [Int]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: traces) {
            for line in try String(contentsOfFile: traces + "/" + name, encoding: .utf8).split(separator: "\n") {
                guard line.hasPrefix("write("), let open = line.firstIndex(of: "<"), let close = line.firstIndex(of: ">"), open < close,
                      let equals = line.range(of: ") = ", options: .backwards), let written = Int(line[equals.upperBound...]) else { continue }
                writes[String(line[line.index(after: open)..<close]), default: []].append(written)
            }
        }
        // The blob is the file most bytes went to.
        let blob = try #require(writes.values.max { $0.reduce(0, +) < $1.reduce(0, +) })
        #expect(blob.reduce(0, +) >= size, "\(writes)")
        #expect(blob.dropLast().allSatisfy { $0 >= Self.minimumWrite }, "\(blob)")
    }
}
