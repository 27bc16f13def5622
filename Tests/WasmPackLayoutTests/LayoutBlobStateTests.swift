import Foundation
import Testing
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// What a pull learns of the blobs a layout already holds, and how a commit keeps or replaces them.
@Suite("Blobs already in a layout")
struct LayoutBlobStateTests {
    let root: String
    let layout: OCILayout
    let blob: Descriptor
    let bytes = Array("the blob's bytes, long enough to damage".utf8)

    init() throws {
        root = try TestScratch.folder("blob-state") + "/layout"
        let transaction = try LayoutTransaction(destination: root)
        blob = try transaction.addBlob(bytes, mediaType: .wasmConfigV1)
        let manifest = try transaction.addBlob(try JSONValueEncoder().bytes(ImageManifest(config: blob, layers: [])), mediaType: .ociImageManifest)
        transaction.tag(manifest, as: ["v1"])
        try transaction.commit()
        layout = OCILayout(root: root)
    }

    var path: String { layout.blobPath(for: blob.digest) }

    func replaceFile(with data: [UInt8]) throws {
        try FileManager.default.removeItem(atPath: path)
        try Data(data).write(to: URL(fileURLWithPath: path))
    }

    @Test func anUntouchedBlobIsIntact() throws {
        #expect(try layout.blobState(blob) == .intact)
    }

    @Test func aMissingBlobOrADirectoryInItsPlaceIsAbsent() throws {
        try FileManager.default.removeItem(atPath: path)
        #expect(try layout.blobState(blob) == .absent)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
        #expect(try layout.blobState(blob) == .absent)
    }

    @Test func wrongBytesOfTheRightSizeAWrongSizeOrALinkAreDamaged() throws {
        var flipped = bytes
        flipped[3] ^= 0x20
        try replaceFile(with: flipped)
        #expect(try layout.blobState(blob) == .damaged)
        try replaceFile(with: Array(bytes.dropLast()))
        #expect(try layout.blobState(blob) == .damaged)
        // A link to the right bytes is still not a blob file of the layout's own.
        let elsewhere = root + "/../elsewhere"
        try Data(bytes).write(to: URL(fileURLWithPath: elsewhere))
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: elsewhere)
        #expect(try layout.blobState(blob) == .damaged)
    }

    @Test func aReplacingAdoptionRenamesTheGoodCopyOverTheDamagedFile() throws {
        var flipped = bytes
        flipped[0] ^= 0x01
        try replaceFile(with: flipped)
        let transaction = try LayoutTransaction(destination: root)
        let temporary = transaction.temporaryPath()
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        try transaction.adoptBlob(at: temporary, as: blob, replacing: true)
        try transaction.commit()
        #expect(try layout.blobState(blob) == .intact)
        #expect(try layout.verify().blobs == 2)
    }

    @Test func aKeptBlobThatIsGoneByTheCommitLeavesTheIndexAsItWas() throws {
        let index = try Data(contentsOf: URL(fileURLWithPath: root + "/index.json"))
        let transaction = try LayoutTransaction(destination: root)
        transaction.keepBlob(blob)
        let manifest = try transaction.addBlob(
            try JSONValueEncoder().bytes(ImageManifest(config: blob, layers: [], annotations: ["again": "yes"])), mediaType: .ociImageManifest)
        transaction.tag(manifest, as: ["v2"])
        try FileManager.default.removeItem(atPath: path)
        let error = #expect(throws: LayoutError.self) { try transaction.commit() }
        guard case .blobMissing(let digest, _)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(digest == blob.digest)
        #expect(try Data(contentsOf: URL(fileURLWithPath: root + "/index.json")) == index)
        #expect(!layout.hasBlob(manifest.digest))
    }
}
