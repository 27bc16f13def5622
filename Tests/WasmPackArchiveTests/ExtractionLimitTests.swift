import Foundation
import Testing
import WasmPackArchive

/// Gzip bombs: a layer that expands far past its size, or past the total allowed, is refused
/// while it is being written, naming the entry and the limit, with nothing of it left behind
/// (issue 7 item 5). Layers are written here with LayerWriter from sparse files, so a 1 GiB
/// input costs no disk and nothing large is committed.
@Suite("Extraction limits")
struct ExtractionLimitTests {
    /// A layer holding `name`: `size` bytes of zeros, read from a sparse file.
    private func zerosLayer(_ scratch: TestDirectory, name: String, size: Int64) throws -> String {
        let source = scratch.path + "/" + name + ".src"
        #expect(FileManager.default.createFile(atPath: source, contents: nil))
        #expect(truncate(source, off_t(size)) == 0)
        defer { unlink(source) }
        let layer = scratch.path + "/" + name + ".tar.gz"
        _ = try LayerWriter(compressionLevel: 9).write(entries: [LayerEntry(path: name, sourceFile: source)], to: layer)
        return layer
    }

    private func randomLayer(_ scratch: TestDirectory, name: String, size: Int, seed: UInt64) throws -> String {
        let source = try scratch.write(name + ".src", TestBytes.pseudoRandom(count: size, seed: seed))
        defer { unlink(source) }
        let layer = scratch.path + "/" + name + ".tar.gz"
        _ = try LayerWriter().write(entries: [LayerEntry(path: name, sourceFile: source)], to: layer)
        return layer
    }

    private func size(_ path: String) throws -> Int64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? -1
    }

    @Test func aOneMiBLayerThatExpandsToOneGiBIsRefusedQuicklyAndLeavesNothing() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = try zerosLayer(scratch, name: "bomb.bin", size: 1 << 30)
        let compressed = try size(layer)
        #expect(compressed < 2 << 20, "the test layer should be about 1 MiB, is \(compressed) bytes")
        try scratch.write("existing/keep.txt", "mine\n")

        for target in ["existing", "new/app"] {
            let started = Date()
            let error = #expect(throws: ExtractionError.self) {
                try LayerExtractor().extract(layer: layer, into: scratch.path + "/" + target)
            }
            #expect(Date().timeIntervalSince(started) < 10, "refused only after \(Date().timeIntervalSince(started)) s")
            let allowance = max(ExtractionLimits.defaultRatioFloor, compressed * ExtractionLimits.defaultMaximumRatio)
            #expect(error == .ratioLimitExceeded(
                layer: layer, entry: "bomb.bin", ratio: 100, compressedSize: compressed, limit: allowance))
            #expect(error?.description.contains("refusing entry 'bomb.bin' of layer '\(layer)': the layer unpacks to more than ") == true)
            #expect(error?.description.contains("over 100 times its compressed size") == true)
            #expect(error?.description.contains("--max-extract-ratio") == true)
        }
        // The existing directory as it was, no staging folder anywhere, the new one (and the
        // parent made for it) never left behind.
        #expect(try FileManager.default.subpathsOfDirectory(atPath: scratch.path + "/existing") == ["keep.txt"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["bomb.bin.tar.gz", "existing"])
    }

    @Test func aSmallLayerThatCompressesFarBetterThanTheRatioPassesUnderTheFloor() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = try zerosLayer(scratch, name: "zeros.bin", size: 16 << 20)
        #expect(try size(layer) * 100 < 16 << 20)
        let result = try LayerExtractor().extract(layer: layer, into: scratch.path + "/out", limits: ExtractionLimits())
        #expect(result.files == ["zeros.bin"])
        #expect(try size(scratch.path + "/out/zeros.bin") == 16 << 20)
        #expect(result.size == (16 << 20) + 512)
    }

    @Test func raisingTheRatioLetsAWellCompressingLayerThrough() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = try zerosLayer(scratch, name: "zeros.bin", size: 80 << 20)
        #expect(throws: ExtractionError.self) {
            try LayerExtractor().extract(layer: layer, into: scratch.path + "/refused")
        }
        #expect(!scratch.exists("refused"))
        let raised = ExtractionLimits(maximumRatio: 5000)
        #expect(try LayerExtractor().extract(layer: layer, into: scratch.path + "/out", limits: raised).files == ["zeros.bin"])
    }

    @Test func theSizeLimitCountsEveryLayerOfOneExtraction() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let first = try randomLayer(scratch, name: "one.bin", size: 600 << 10, seed: 1)
        let second = try randomLayer(scratch, name: "two.bin", size: 600 << 10, seed: 2)
        let limits = ExtractionLimits(maximumSize: 1 << 20)
        let out = scratch.path + "/out"
        let unpacked = try LayerExtractor().extract(layer: first, into: out, limits: limits)
        #expect(unpacked.size == (600 << 10) + 512)
        let error = #expect(throws: ExtractionError.self) {
            try LayerExtractor().extract(layer: second, into: out, limits: limits, extractedBefore: unpacked.size)
        }
        #expect(error == .sizeLimitExceeded(layer: second, entry: "two.bin", limit: 1 << 20))
        #expect(error?.description == "refusing entry 'two.bin' of layer '\(second)': the image unpacks to more than 1 MiB, the limit for extracted files; if you trust the image, raise it with --max-extract-size")
        #expect(try FileManager.default.contentsOfDirectory(atPath: out) == ["one.bin"])
    }

    @Test(arguments: [
        (Int64(900), "900 bytes"), (1024, "1 KiB"), (1536, "1.5 KiB"), (64 << 20, "64 MiB"), (8 << 30, "8 GiB"),
        (Int64.max, "7.9 EiB"),
    ])
    func limitsReadInBinaryUnits(bytes: Int64, text: String) {
        #expect(ExtractionError.sizeLimitExceeded(layer: "l", entry: "e", limit: bytes).description.contains("more than \(text),"))
    }
}
