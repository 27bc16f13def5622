import Foundation
import Testing
import WasmPackArchive
import WasmPackTestSupport

/// libarchive's disk writer says only "Write failed"; the error now carries the system's reason
/// and the path in the extraction directory (issue 7 item 13), and nothing is left behind.
@Suite("Extraction onto a full disk", .enabled(if: FullFilesystem.canMount, "mount -t tmpfs is not allowed here"))
struct DiskFullExtractionTests {
    @Test func aFullDiskIsReportedWithTheReasonAndThePath() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        try scratch.write("src/app/data.bin", TestBytes.pseudoRandom(count: 256 << 10, seed: 3))
        let layer = scratch.path + "/layer.tar.gz"
        _ = try LayerWriter().write(entries: [LayerEntry(path: "app/data.bin", sourceFile: scratch.path + "/src/app/data.bin")], to: layer)

        let disk = try FullFilesystem()
        defer { disk.remove() }
        for target in [disk.path, disk.path + "/new"] {
            let error = #expect(throws: ExtractionError.self) {
                try LayerExtractor().extract(layer: layer, into: target)
            }
            guard case .cannotWriteFile(_, let entry, let path, let message)? = error else {
                Issue.record("unexpected \(String(describing: error))")
                continue
            }
            #expect(entry == "app/data.bin")
            #expect(path == target + "/app/data.bin")
            #expect(message.hasSuffix("No space left on device"), "\(message)")
            #expect(error?.description.hasPrefix("cannot write '\(target)/app/data.bin' (entry 'app/data.bin' of layer '\(layer)'): ") == true)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: disk.path) == ["filler"])
    }
}
