import Foundation
import Testing
import WasmPackArchive

@Suite("LayerExtractor", .enabled(if: ExternalTool.isAvailable(ExternalTool.python3), "python3 is not installed"))
struct LayerExtractorTests {
    @Test(.enabled(if: ExternalTool.isAvailable(ExternalTool.bsdtar), "bsdtar is not installed"))
    func gzipLayerFromBsdtarExtractsByteIdentically() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        // Bigger than libarchive's read blocks, so the data is streamed in many pieces.
        var generator = SplitMix64(seed: 7)
        try scratch.write("src/data/large.bin", (0..<(3 * 1024 * 1024 + 77)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        try scratch.write("src/data/empty", [])
        try scratch.write("src/app/static/css/site.css", "body { color: red }\n")
        try scratch.write("src/app/main.wasm", [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])
        try scratch.write("src/README", "read me\n")
        try FileManager.default.createDirectory(atPath: scratch.path + "/src/empty-dir", withIntermediateDirectories: true)
        let layer = scratch.path + "/layer.tar.gz"
        // `-C src .` names every entry `./…`, as many image builders do.
        try ExternalTool.run(ExternalTool.bsdtar, ["-czf", layer, "-C", scratch.path + "/src", "."])

        let files = try LayerExtractor().extract(layer: layer, into: scratch.path + "/out")

        #expect(files == ["README", "app/main.wasm", "app/static/css/site.css", "data/empty", "data/large.bin"])
        #expect(try LayerExtractFixture.snapshot(scratch.path + "/out") == LayerExtractFixture.snapshot(scratch.path + "/src"))
        // Nothing of the staging directory is left beside the result.
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["layer.tar.gz", "out", "src"])
    }

    @Test func plainTarExtracts() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = scratch.path + "/layer.tar"
        try LayerExtractFixture.writeLayer([.directory("app"), .file("app/hello.txt", "hello\n")], to: layer)

        #expect(try LayerExtractor().extract(layer: layer, into: scratch.path + "/out") == ["app/hello.txt"])
        #expect(try scratch.contents(of: "out/app/hello.txt") == Array("hello\n".utf8))
    }

    @Test func layersFromLayerWriterRoundTrip() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let entries = [
            LayerEntry(path: "spin.toml", sourceFile: try scratch.write("in/spin.toml", "spin_manifest_version = 2\n")),
            LayerEntry(path: "app/é/main.wasm", sourceFile: try scratch.write("in/main.wasm", [0, 0x61, 0x73, 0x6d])),
        ]
        let layer = scratch.path + "/layer.tar.gz"
        _ = try LayerWriter().write(entries: entries, to: layer)

        let files = try LayerExtractor().extract(layer: layer, into: scratch.path + "/out/nested")

        #expect(files == ["app/é/main.wasm", "spin.toml"])
        for entry in entries {
            #expect(try scratch.contents(of: "out/nested/" + entry.path) == Array(Data(contentsOf: URL(fileURLWithPath: entry.sourceFile))))
        }
    }

    @Test func symlinksAndHardLinksThatStayInsideAreKept() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = scratch.path + "/layer.tar.gz"
        try LayerExtractFixture.writeLayer([
            .file("sub/file", "content\n"),
            .symlink("l", target: "sub/file"),
            .symlink("sub/up", target: "../sub/./file"),
            .symlink("sub/self", target: "."),
            .symlink("dangling", target: "sub/not-yet"),
            .hardLink("copy", target: "sub/file"),
        ], to: layer)

        let files = try LayerExtractor().extract(layer: layer, into: scratch.path + "/out")

        #expect(files == ["copy", "sub/file"])
        let out = scratch.path + "/out"
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/l") == "sub/file")
        #expect(try scratch.contents(of: "out/l") == Array("content\n".utf8))
        #expect(try scratch.contents(of: "out/sub/up") == Array("content\n".utf8))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: out + "/dangling") == "sub/not-yet")
        let original = try FileManager.default.attributesOfItem(atPath: out + "/sub/file")
        let link = try FileManager.default.attributesOfItem(atPath: out + "/copy")
        #expect(original[.systemFileNumber] as? Int == link[.systemFileNumber] as? Int)
    }

    @Test func whiteoutsAreSkippedNotWritten() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = scratch.path + "/layer.tar.gz"
        try LayerExtractFixture.writeLayer([
            .file("app/kept", "k"),
            .file("app/.wh.removed", ""),
            .file("gone/.wh..wh..opq", ""),
        ], to: layer)

        #expect(try LayerExtractor().extract(layer: layer, into: scratch.path + "/out") == ["app/kept"])
        #expect(try LayerExtractFixture.snapshot(scratch.path + "/out").keys.sorted() == ["app", "app/kept"])
    }

    @Test func modesLoseSetuidAndGroupOrOtherWriteAndDirectoriesStayOwnerWritable() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = scratch.path + "/layer.tar.gz"
        try LayerExtractFixture.writeLayer([
            .directory("locked", mode: 0o500),
            .file("locked/tool", "#!/bin/sh\n", mode: 0o4777),
            .file("plain", "p", mode: 0o666),
        ], to: layer)

        _ = try LayerExtractor().extract(layer: layer, into: scratch.path + "/out")

        let tool = try LayerExtractFixture.permissions(scratch.path + "/out/locked/tool")
        #expect(tool & 0o7022 == 0)
        #expect(tool & 0o100 != 0)
        #expect(try LayerExtractFixture.permissions(scratch.path + "/out/plain") & 0o7133 == 0)
        #expect(try LayerExtractFixture.permissions(scratch.path + "/out/locked") & 0o700 == 0o700)
    }

    @Test func mtimesAreRestored() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = scratch.path + "/layer.tar.gz"
        try LayerExtractFixture.writeLayer([.directory("d"), .file("d/f", "x")], to: layer)

        _ = try LayerExtractor().extract(layer: layer, into: scratch.path + "/out")

        for name in ["d", "d/f"] {
            let date = try FileManager.default.attributesOfItem(atPath: scratch.path + "/out/" + name)[.modificationDate] as? Date
            #expect(date?.timeIntervalSince1970 == 1_700_000_000, "\(name)")
        }
    }

    @Test func laterLayersMergeIntoAnExistingDirectoryAndReplaceFiles() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let out = scratch.path + "/out"
        try scratch.write("out/mine.txt", "the user's\n")
        try LayerExtractFixture.writeLayer([
            .file("app/a.txt", "a1"), .file("app/b.txt", "b1"), .symlink("current", target: "app"), .directory("was-dir"),
        ], to: scratch.path + "/one.tar.gz")
        try LayerExtractFixture.writeLayer([
            .file("app/b.txt", "b2"), .file("app/c.txt", "c2"), .directory("current"), .file("was-dir", "now a file"),
        ], to: scratch.path + "/two.tar.gz")

        #expect(try LayerExtractor().extract(layer: scratch.path + "/one.tar.gz", into: out) == ["app/a.txt", "app/b.txt"])
        #expect(try LayerExtractor().extract(layer: scratch.path + "/two.tar.gz", into: out) == ["app/b.txt", "app/c.txt", "was-dir"])

        let snapshot = try LayerExtractFixture.snapshot(out)
        #expect(snapshot.keys.sorted() == ["app", "app/a.txt", "app/b.txt", "app/c.txt", "current", "mine.txt", "was-dir"])
        #expect(try scratch.contents(of: "out/app/a.txt") == Array("a1".utf8))
        #expect(try scratch.contents(of: "out/app/b.txt") == Array("b2".utf8))
        #expect(try scratch.contents(of: "out/mine.txt") == Array("the user's\n".utf8))
        // A directory replaces a symlink rather than being merged through it.
        #expect(snapshot["current"] == "dir")
        #expect(try scratch.contents(of: "out/was-dir") == Array("now a file".utf8))
    }

    @Test func aTruncatedLayerFailsAndLeavesNothing() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        var generator = SplitMix64(seed: 3)
        let noise = (0..<200_000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        let whole = scratch.path + "/whole.tar.gz"
        try LayerExtractFixture.writeLayer([.file("first", "1"), .file("big", noise, mode: 0o644)], to: whole)
        let bytes = try scratch.contents(of: "whole.tar.gz")
        let layer = try scratch.write("cut.tar.gz", Array(bytes.prefix(bytes.count / 2)))

        let error = #expect(throws: ExtractionError.self) {
            try LayerExtractor().extract(layer: layer, into: scratch.path + "/work/out")
        }
        guard case .cannotReadLayer(let reported, _)? = error else {
            Issue.record("expected cannotReadLayer, got \(String(describing: error))")
            return
        }
        #expect(reported == layer)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path).sorted() == ["cut.tar.gz", "whole.tar.gz"])
    }

    @Test func aMissingLayerFileIsNamed() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = scratch.path + "/missing.tar.gz"
        let error = #expect(throws: ExtractionError.self) {
            try LayerExtractor().extract(layer: layer, into: scratch.path + "/out")
        }
        guard case .cannotOpenLayer(let reported, _)? = error else {
            Issue.record("expected cannotOpenLayer, got \(String(describing: error))")
            return
        }
        #expect(reported == layer)
        #expect(error?.description.hasPrefix("cannot open layer '\(layer)': ") == true)
        #expect(!scratch.exists("out"))
    }
}
