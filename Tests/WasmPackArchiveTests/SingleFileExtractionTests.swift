import Foundation
import Testing
import WasmPackArchive

/// A wasm artifact's layer is written as one file, whole or not at all.
@Suite("Extracting a single-file layer")
struct SingleFileExtractionTests {
    @Test func theBlobBecomesTheNamedFileReplacingAnOlderOne() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let blob = try scratch.write("blob", TestBytes.pseudoRandom(count: 200_000, seed: 9))
        try scratch.write("out/hello.wasm", "old")
        try LayerExtractor().extractFile(blob: blob, named: "hello.wasm", into: scratch.path + "/out")
        #expect(try scratch.contents(of: "out/hello.wasm") == TestBytes.pseudoRandom(count: 200_000, seed: 9))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/out") == ["hello.wasm"])

        try LayerExtractor().extractFile(blob: blob, named: "m.wasm", into: scratch.path + "/new/dir")
        #expect(scratch.exists("new/dir/m.wasm"))
    }

    @Test func aMissingBlobLeavesNoDirectoryBehind() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        #expect(throws: ExtractionError.cannotOpenLayer(scratch.path + "/none", message: "No such file or directory")) {
            try LayerExtractor().extractFile(blob: scratch.path + "/none", named: "m.wasm", into: scratch.path + "/new/dir")
        }
        #expect(!scratch.exists("new"))
    }
}
