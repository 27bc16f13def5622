import Foundation
import Testing
import WasmPackArchive
import WasmPackOCI

@Suite("LayerWriter output")
struct LayerWriterTests {
    /// A few files in nested directories, including names where component order and byte order differ.
    private func sampleEntries(in directory: TestDirectory) throws -> [LayerEntry] {
        [
            LayerEntry(path: "app/main.wasm", sourceFile: try directory.write("in/main.wasm", [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])),
            LayerEntry(path: "app.txt", sourceFile: try directory.write("in/app.txt", "top level\n")),
            LayerEntry(path: "app/static/index.html", sourceFile: try directory.write("in/index.html", "<h1>hi</h1>\n")),
            LayerEntry(path: "README", sourceFile: try directory.write("in/README", "read me\n")),
        ]
    }

    @Test func sameEntriesInAnyOrderGiveTheSameLayer() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let entries = try sampleEntries(in: directory)
        let writer = LayerWriter()

        let forward = try writer.write(entries: entries, to: directory.path + "/forward.tar.gz")
        let backward = try writer.write(entries: entries.reversed(), to: directory.path + "/backward.tar.gz")
        let shuffled = try writer.write(entries: [entries[2], entries[0], entries[3], entries[1]], to: directory.path + "/shuffled.tar.gz")

        #expect(forward == backward)
        #expect(forward == shuffled)
        #expect(try directory.contents(of: "forward.tar.gz") == directory.contents(of: "backward.tar.gz"))
    }

    // An empty directory a Spin component mounts must exist in the image (issue 8 §1).
    @Test func explicitDirectoriesAreWrittenWithTheirParentsEvenWhenEmpty() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let entries = try sampleEntries(in: directory)
        _ = try LayerWriter().write(entries: entries, directories: ["web/assets", "app/static"], to: directory.path + "/dirs.tar.gz")
        let list = String(decoding: try ExternalTool.run("/usr/bin/tar", ["-tzf", directory.path + "/dirs.tar.gz"]), as: UTF8.self)
        #expect(list.split(separator: "\n") == [
            "README", "app/", "app/main.wasm", "app/static/", "app/static/index.html", "app.txt", "web/", "web/assets/",
        ])
        #expect(throws: ArchiveError.fileUsedAsDirectory("README")) {
            try LayerWriter().write(entries: entries, directories: ["README"], to: directory.path + "/bad.tar.gz")
        }
    }

    @Test func inputFileModesAndTimesDoNotChangeTheLayer() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let entries = try sampleEntries(in: directory)
        let before = try LayerWriter().write(entries: entries, to: directory.path + "/before.tar.gz")

        try ExternalTool.run("/usr/bin/touch", ["-d", "2001-02-03 04:05:06.789", entries[0].sourceFile, entries[1].sourceFile])
        try ExternalTool.run("/bin/chmod", ["0600", entries[0].sourceFile])
        try ExternalTool.run("/bin/chmod", ["0755", entries[2].sourceFile])
        try ExternalTool.run("/bin/chmod", ["0700", directory.path + "/in"])
        let after = try LayerWriter().write(entries: entries, to: directory.path + "/after.tar.gz")

        #expect(before == after)
        #expect(try directory.contents(of: "before.tar.gz") == directory.contents(of: "after.tar.gz"))
    }

    @Test(.enabled(if: ExternalTool.isAvailable(ExternalTool.gzip), "gzip is not installed"))
    func digestsAndSizesMatchTheFileAndItsGunzippedTar() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let layer = directory.path + "/layer.tar.gz"
        let result = try LayerWriter().write(entries: sampleEntries(in: directory), to: layer)

        let gzipBytes = try directory.contents(of: "layer.tar.gz")
        let tarBytes = try ExternalTool.run(ExternalTool.gzip, ["-dc", layer])
        #expect(result.digest == SHA256Hasher.digest(of: gzipBytes))
        #expect(result.size == Int64(gzipBytes.count))
        #expect(result.diffID == SHA256Hasher.digest(of: tarBytes))
        #expect(result.uncompressedSize == Int64(tarBytes.count))
        // libarchive pads the last block, so the tar is whole 10240-byte records.
        #expect(tarBytes.count % 10240 == 0)
        // Short ASCII paths need nothing beyond ustar: no pax extended headers at all.
        #expect(!tarBytes.contains(subsequence: Array("PaxHeader".utf8)))
    }

    @Test func gzipHeaderHasNoTimestampNoNameAndUnknownOS() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        _ = try LayerWriter().write(entries: sampleEntries(in: directory), to: directory.path + "/layer.tar.gz")

        let header = Array(try directory.contents(of: "layer.tar.gz").prefix(10))
        #expect(header[0...2] == [0x1f, 0x8b, 0x08])
        #expect(header[3] & 0x08 == 0, "FNAME flag set")
        #expect(header[3] == 0)
        #expect(header[4...7] == [0, 0, 0, 0], "MTIME is not zero")
        #expect(header[9] == 0xff)
    }

    @Test(.enabled(if: ExternalTool.isAvailable(ExternalTool.bsdtar), "bsdtar is not installed"))
    func bsdtarListsSortedMembersOwnedByRootWithFixedModesAndTime() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let layer = directory.path + "/layer.tar.gz"
        let modificationTime: Int64 = 1_700_000_000 // 2023-11-14 22:13:20 UTC
        _ = try LayerWriter(modificationTime: modificationTime).write(entries: sampleEntries(in: directory), to: layer)

        let listing = String(decoding: try ExternalTool.run(ExternalTool.bsdtar, ["-tv", "--numeric-owner", "-f", layer]), as: UTF8.self)
        let rows = listing.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).map(String.init) }
        // mode, links, uid, gid, size, month, day, year, name
        #expect(rows.map { $0.last! } == [
            "README", "app/", "app/main.wasm", "app/static/", "app/static/index.html", "app.txt",
        ])
        for row in rows {
            #expect(row[0] == (row.last!.hasSuffix("/") ? "drwxr-xr-x" : "-rw-r--r--"), "\(row)")
            #expect(row[2...3] == ["0", "0"], "\(row)")
            #expect(row[5...7] == ["Nov", "14", "2023"], "\(row)")
        }
        #expect(rows.first { $0.last == "app/main.wasm" }?[4] == "8")

        // The exact second survives extraction, for files and directories alike.
        let extracted = directory.path + "/out"
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
        try ExternalTool.run(ExternalTool.bsdtar, ["-xf", layer, "-C", extracted])
        for name in ["app", "app/main.wasm", "app/static", "README"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: extracted + "/" + name)
            let date = try #require(attributes[.modificationDate] as? Date)
            #expect(date.timeIntervalSince1970 == Double(modificationTime), "\(name)")
        }
    }

    @Test(.enabled(if: ExternalTool.isAvailable(ExternalTool.bsdtar), "bsdtar is not installed"))
    func extractingWithBsdtarGivesIdenticalFiles() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        // Bigger than the 1 MiB read chunk and many 128 KiB deflate blocks, and poorly compressible.
        let large = TestBytes.pseudoRandom(count: 3 * 1024 * 1024 + 12345, seed: 42)
        let entries = try sampleEntries(in: directory) + [
            LayerEntry(path: "data/large.bin", sourceFile: try directory.write("in/large.bin", large)),
            LayerEntry(path: "data/empty", sourceFile: try directory.write("in/empty", [])),
        ]
        let layer = directory.path + "/layer.tar.gz"
        _ = try LayerWriter().write(entries: entries, to: layer)

        let extracted = directory.path + "/out"
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
        try ExternalTool.run(ExternalTool.bsdtar, ["-xf", layer, "-C", extracted])
        for entry in entries {
            let original = try Data(contentsOf: URL(fileURLWithPath: entry.sourceFile))
            let copy = try Data(contentsOf: URL(fileURLWithPath: extracted + "/" + entry.path))
            #expect(original == copy, "\(entry.path)")
        }
    }

    /// File sizes at and around the 128 KiB deflate block, and large files that compress badly and well.
    static let contentSizes: [(size: Int, repetitive: Bool)] = [
        (0, false), (128 * 1024 - 1, false), (128 * 1024, false), (128 * 1024 + 1, false),
        (6 * 1024 * 1024 + 123, false), (6 * 1024 * 1024 + 123, true),
    ]

    @Test(
        .enabled(
            if: [ExternalTool.gzip, ExternalTool.pigz, ExternalTool.bsdtar].allSatisfy(ExternalTool.isAvailable),
            "gzip, pigz or bsdtar is not installed"),
        arguments: contentSizes)
    func gzipPigzAndBsdtarReadBackFilesOfEverySize(size: Int, repetitive: Bool) throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let content = repetitive ? TestBytes.repetitive(count: size) : TestBytes.pseudoRandom(count: size, seed: 7)
        let entries = [LayerEntry(path: "data/file.bin", sourceFile: try directory.write("in/file.bin", content))]
        let layer = directory.path + "/layer.tar.gz"
        let result = try LayerWriter().write(entries: entries, to: layer)

        try ExternalTool.run(ExternalTool.gzip, ["-t", layer])
        let tarBytes = try ExternalTool.run(ExternalTool.gzip, ["-dc", layer])
        #expect(try ExternalTool.run(ExternalTool.pigz, ["-dc", layer]) == tarBytes)
        #expect(result.diffID == SHA256Hasher.digest(of: tarBytes))
        #expect(result.uncompressedSize == Int64(tarBytes.count))
        #expect(result.digest == SHA256Hasher.digest(of: try directory.contents(of: "layer.tar.gz")))
        #expect(try ExternalTool.run(ExternalTool.bsdtar, ["-xOf", layer, "data/file.bin"]) == content)

        let again = try LayerWriter().write(entries: entries, to: directory.path + "/again.tar.gz")
        #expect(again == result)
        #expect(try directory.contents(of: "again.tar.gz") == directory.contents(of: "layer.tar.gz"))
    }

    @Test(.enabled(if: ExternalTool.isAvailable(ExternalTool.bsdtar), "bsdtar is not installed"))
    func longAndNonASCIIPathsRoundTrip() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        // 140 characters: too long for the ustar name field but splittable into prefix + name.
        let splittable = String(repeating: "d", count: 60) + "/" + String(repeating: "e", count: 60) + "/" + String(repeating: "f", count: 18)
        // 300 characters: beyond ustar's 255, needs a pax header.
        let veryLong = (0..<6).map { String(repeating: Character(String($0)), count: 49) }.joined(separator: "/")
        // One 120-character component: unsplittable, needs a pax header.
        let longName = String(repeating: "n", count: 120) + ".txt"
        let unicode = "données/été.txt"
        #expect(splittable.utf8.count > 100 && splittable.utf8.count <= 255)
        #expect(veryLong.utf8.count > 255)
        let paths = [splittable, veryLong, longName, unicode]
        let entries = try paths.enumerated().map { index, path in
            LayerEntry(path: path, sourceFile: try directory.write("in/\(index)", "file \(index)\n"))
        }
        let layer = directory.path + "/layer.tar.gz"
        let first = try LayerWriter().write(entries: entries, to: layer)
        let second = try LayerWriter().write(entries: entries, to: directory.path + "/again.tar.gz")
        #expect(first == second)

        // UTF-8 paths are stored as pax `path` records, never as locale-dependent hdrcharset=BINARY.
        let tarBytes = try ExternalTool.run(ExternalTool.gzip, ["-dc", layer])
        #expect(tarBytes.contains(subsequence: Array("path=données/été.txt\n".utf8)))
        #expect(!tarBytes.contains(subsequence: Array("hdrcharset".utf8)))

        let listing = String(decoding: try ExternalTool.run(ExternalTool.bsdtar, ["-tf", layer]), as: UTF8.self)
        let names = Set(listing.split(separator: "\n").map(String.init))
        for path in paths { #expect(names.contains(path), "\(path) missing from \(names)") }

        let extracted = directory.path + "/out"
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
        try ExternalTool.run(ExternalTool.bsdtar, ["-xf", layer, "-C", extracted])
        for (index, path) in paths.enumerated() {
            let copy = try Data(contentsOf: URL(fileURLWithPath: extracted + "/" + path))
            #expect(String(decoding: copy, as: UTF8.self) == "file \(index)\n", "\(path)")
        }
    }

    @Test(.enabled(if: ExternalTool.isAvailable(ExternalTool.bsdtar), "bsdtar is not installed"))
    func anEmptyEntryListGivesAnEmptyTar() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let layer = directory.path + "/layer.tar.gz"
        let result = try LayerWriter().write(entries: [], to: layer)
        #expect(result.uncompressedSize == 10240)
        #expect(try ExternalTool.run(ExternalTool.bsdtar, ["-tf", layer]).isEmpty)
    }

    @Test func theDestinationIsTruncatedWhenItAlreadyExists() throws {
        let directory = try TestDirectory()
        defer { directory.remove() }
        let layer = try directory.write("layer.tar.gz", [UInt8](repeating: 0xAA, count: 1 << 20))
        let result = try LayerWriter().write(entries: sampleEntries(in: directory), to: layer)
        #expect(Int64(try directory.contents(of: "layer.tar.gz").count) == result.size)
    }
}
