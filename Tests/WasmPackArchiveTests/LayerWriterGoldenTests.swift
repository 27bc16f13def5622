import Testing
import WasmPackArchive

@Suite("LayerWriter golden output")
struct LayerWriterGoldenTests {
    /// Pins the exact bytes: any change to header fields, ordering, padding or gzip settings shows here.
    /// The diffID depends only on this package and libarchive's ustar/pax writer; the digest also
    /// depends on zlib's deflate output (recorded with zlib 1.2.13, level 6).
    @Test func fixedFilesGiveFixedDigests() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let entries = [
            LayerEntry(path: "spin.toml", sourceFile: try directory.write("1", "spin_manifest_version = 2\n")),
            LayerEntry(path: "app/hello.wasm", sourceFile: try directory.write("2", [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00])),
            LayerEntry(path: "app/static/index.html", sourceFile: try directory.write("3", "<!doctype html>\n<p>hello</p>\n")),
        ]
        let result = try LayerWriter().write(entries: entries, to: directory.path + "/layer.tar.gz")
        #expect(result.diffID.description == "sha256:22b2ef018e06f2e6f1d8d1a2a68f7926e89ccba715f1a1c3fafe1f15a9b883d6")
        #expect(result.uncompressedSize == 10240)
        #expect(result.digest.description == "sha256:4136a9af88521dd0a10dd0f054a28cacde9b0af1408fd852de6dfdd89b41fc64")
        #expect(result.size == 267)
    }

    /// Pins the parallel deflate scheme: 128 KiB blocks, each primed with the previous 32 KiB and
    /// sync-flushed. Changing the block size, the dictionary or the flush shows here, not above:
    /// a layer shorter than one block gives the same bytes as a single zlib gzip stream.
    @Test func aLayerOfManyDeflateBlocksGivesFixedDigests() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let entries = [
            LayerEntry(path: "app/random.bin", sourceFile: try directory.write("1", TestBytes.pseudoRandom(count: 300_000, seed: 1))),
            LayerEntry(path: "app/text.wat", sourceFile: try directory.write("2", TestBytes.repetitive(count: 400_000))),
        ]
        let result = try LayerWriter().write(entries: entries, to: directory.path + "/layer.tar.gz")
        #expect(result.diffID.description == "sha256:b07903aa509dbd7a732ba80c6c7a43cdc965920b5fcde0b32ac9261ffeeb17f8")
        #expect(result.uncompressedSize == 706560)
        #expect(result.digest.description == "sha256:56d900afe6104bdb23d9f4e4116fdc15c32705306b1358345f2860057b55491e")
        #expect(result.size == 305117)
    }
}
