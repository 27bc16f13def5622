import Foundation
import Testing
import WasmPackArchive

/// A hostile layer and the refusal it must meet. Every layer writes `ok.txt` first, so something
/// is on disk when the refusal comes and has to be taken back.
struct LayerExtractRefusal: Sendable, CustomTestStringConvertible {
    let testDescription: String
    let members: [LayerExtractMember]
    let expected: @Sendable (_ layer: String) -> ExtractionError

    static let all: [LayerExtractRefusal] = [
        .init("a parent path", [.file("../evil", "x")]) { .parentComponent(layer: $0, entry: "../evil") },
        .init("an absolute path", [.file("/abs", "x")]) { .absolutePath(layer: $0, entry: "/abs") },
        .init("a path that climbs out later", [.file("a/../../x", "x")]) { .parentComponent(layer: $0, entry: "a/../../x") },
        .init("a symlink to /etc/passwd", [.symlink("passwd", target: "/etc/passwd")]) {
            .symlinkLeavesDirectory(layer: $0, entry: "passwd", target: "/etc/passwd")
        },
        .init("a symlink that climbs out", [.symlink("link", target: "../../outside")]) {
            .symlinkLeavesDirectory(layer: $0, entry: "link", target: "../../outside")
        },
        .init("a file written through a symlink", [.directory("sub"), .symlink("link", target: "sub"), .file("link/x", "x")]) {
            .writesThroughSymlink(layer: $0, entry: "link/x", symlink: "link")
        },
        .init("a symlink chain built out of order", [
            .symlink("l2", target: "d/x/.."), .directory("d"), .symlink("d/x", target: ".."),
        ]) { .symlinkLeavesDirectory(layer: $0, entry: "l2", target: "d/x/..") },
        .init("a hard link to a parent path", [.hardLink("h", target: "../x")]) {
            .hardLinkLeavesDirectory(layer: $0, entry: "h", target: "../x")
        },
        .init("a hard link to a file not in the layer", [.hardLink("h", target: "missing")]) {
            .hardLinkTargetMissing(layer: $0, entry: "h", target: "missing")
        },
        .init("a hard link to a symlink", [.symlink("s", target: "ok.txt"), .hardLink("h", target: "s")]) {
            .hardLinkTargetMissing(layer: $0, entry: "h", target: "s")
        },
        .init("a character device", [.characterDevice("dev/null")]) {
            .unsupportedEntryType(layer: $0, entry: "dev/null", kind: "character device")
        },
        .init("a FIFO", [.fifo("pipe")]) { .unsupportedEntryType(layer: $0, entry: "pipe", kind: "FIFO") },
    ]

    /// Writes the layer into `scratch` and returns its path.
    func writeLayer(in scratch: TestDirectory) throws -> String {
        let layer = scratch.path + "/layer.tar.gz"
        try LayerExtractFixture.writeLayer(members, to: layer)
        return layer
    }

    init(_ description: String, _ members: [LayerExtractMember], expected: @escaping @Sendable (String) -> ExtractionError) {
        testDescription = description
        self.members = [.file("ok.txt", "fine")] + members
        self.expected = expected
    }
}

@Suite("LayerExtractor refusals", .enabled(if: ExternalTool.isAvailable(ExternalTool.python3), "python3 is not installed"))
struct LayerExtractRefusalTests {
    @Test(arguments: LayerExtractRefusal.all)
    func refusedLayerLeavesNoNewDirectoryAndNothingOutside(refusal: LayerExtractRefusal) throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = try refusal.writeLayer(in: scratch)

        // `work` does not exist either: the parents created for the result go too.
        #expect(throws: refusal.expected(layer)) {
            try LayerExtractor().extract(layer: layer, into: scratch.path + "/work/out")
        }
        #expect(try LayerExtractFixture.snapshot(scratch.path).keys.sorted() == ["layer.tar.gz"])
    }

    @Test(arguments: LayerExtractRefusal.all)
    func refusedLayerLeavesAnExistingDirectoryUnchanged(refusal: LayerExtractRefusal) throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let layer = try refusal.writeLayer(in: scratch)
        try scratch.write("out/ok.txt", "from an earlier layer")
        try scratch.write("out/sub/kept", "kept")
        let before = try LayerExtractFixture.snapshot(scratch.path)

        #expect(throws: refusal.expected(layer)) {
            try LayerExtractor().extract(layer: layer, into: scratch.path + "/out")
        }
        #expect(try LayerExtractFixture.snapshot(scratch.path) == before)
    }

    /// The link is harmless in the layer alone; only the earlier layer's `d/x -> ..` takes it out,
    /// so the refusal comes after the merge, which must then be undone, replaced files included.
    @Test func aSymlinkLeavingThroughAnEarlierLayerIsRefusedAndTheMergeUndone() throws {
        let scratch = try TestDirectory()
        defer { scratch.remove() }
        let out = scratch.path + "/out"
        try LayerExtractFixture.writeLayer([.file("keep.txt", "one"), .directory("d"), .symlink("d/x", target: "..")], to: scratch.path + "/one.tar")
        try LayerExtractFixture.writeLayer([.file("keep.txt", "two"), .file("new.txt", "new"), .symlink("l", target: "d/x/..")], to: scratch.path + "/two.tar")
        _ = try LayerExtractor().extract(layer: scratch.path + "/one.tar", into: out)
        let before = try LayerExtractFixture.snapshot(scratch.path)

        #expect(throws: ExtractionError.symlinkLeavesDirectory(layer: scratch.path + "/two.tar", entry: "l", target: "d/x/..")) {
            try LayerExtractor().extract(layer: scratch.path + "/two.tar", into: out)
        }
        #expect(try LayerExtractFixture.snapshot(scratch.path) == before)
        #expect(try scratch.contents(of: "out/keep.txt") == Array("one".utf8))
    }

    @Test func refusalsNameTheLayerAndTheEntry() {
        #expect(ExtractionError.parentComponent(layer: "blobs/sha256/ab", entry: "../x").description
            == "refusing entry '../x' of layer 'blobs/sha256/ab': its '..' component leaves the extraction directory")
        #expect(ExtractionError.symlinkLeavesDirectory(layer: "L", entry: "l", target: "/etc/passwd").description
            == "refusing symlink 'l' -> '/etc/passwd' of layer 'L': it points outside the extraction directory")
        #expect(ExtractionError.writesThroughSymlink(layer: "L", entry: "link/x", symlink: "link").description
            == "refusing entry 'link/x' of layer 'L': it would be written through the symlink 'link'")
    }
}
