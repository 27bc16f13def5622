import Foundation
import Testing
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

@Suite("Image layout")
struct LayoutTransactionTests {
    let scratch: String

    init() throws {
        scratch = try TestScratch.folder("layout-tests")
    }

    /// Adds a tiny image (config + manifest) and tags it.
    @discardableResult
    func addImage(to transaction: LayoutTransaction, payload: String, tags: [String]) throws -> Descriptor {
        let config = try transaction.addBlob(Array(payload.utf8), mediaType: .wasmConfigV1)
        let manifest = ImageManifest(config: config, layers: [])
        let descriptor = try transaction.addBlob(try JSONValueEncoder().bytes(manifest), mediaType: .ociImageManifest)
        transaction.tag(descriptor, as: tags)
        return descriptor
    }

    func snapshot(_ directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
            if !isDirectory.boolValue { files[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name)) }
        }
        return files
    }

    @Test func committingCreatesAVerifiableLayout() throws {
        let root = scratch + "/out/layout"
        let transaction = try LayoutTransaction(destination: root)
        let manifest = try addImage(to: transaction, payload: "{}", tags: ["latest", "v1"])
        try transaction.commit()

        let layout = OCILayout(root: root)
        #expect(layout.isLayout)
        #expect(try String(contentsOfFile: root + "/oci-layout", encoding: .utf8) == #"{"imageLayoutVersion":"1.0.0"}"#)
        #expect(try layout.index().manifests.compactMap(\.refName) == ["latest", "v1"])
        #expect(try layout.descriptor(tag: nil).digest == manifest.digest)
        #expect(try layout.verify().blobs == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch + "/out") == ["layout"])
    }

    @Test func aSecondBuildAddsTagsAndReplacesOnlyItsOwn() throws {
        let root = scratch + "/layout"
        let first = try LayoutTransaction(destination: root)
        let old = try addImage(to: first, payload: #"{"a":1}"#, tags: ["latest", "keep"])
        try first.commit()
        let second = try LayoutTransaction(destination: root)
        let new = try addImage(to: second, payload: #"{"a":2}"#, tags: ["latest"])
        try second.commit()

        let entries = try OCILayout(root: root).index().manifests
        #expect(entries.map(\.refName) == ["keep", "latest"])
        #expect(entries.first { $0.refName == "keep" }?.digest == old.digest)
        #expect(entries.first { $0.refName == "latest" }?.digest == new.digest)
        #expect(try OCILayout(root: root).verify().blobs == 4)
    }

    @Test func aDiscardedBuildLeavesTheExistingLayoutAsItWas() throws {
        let root = scratch + "/layout"
        let first = try LayoutTransaction(destination: root)
        try addImage(to: first, payload: "{}", tags: ["latest"])
        try first.commit()
        let before = try snapshot(root)

        do {
            let failing = try LayoutTransaction(destination: root)
            try addImage(to: failing, payload: #"{"other":true}"#, tags: ["latest"])
            // Dropped without commit, as when a later step of a build throws.
        }
        #expect(try snapshot(root) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch) == ["layout"])
    }

    @Test func refusesToWriteIntoADirectoryThatIsNotALayout() throws {
        let root = scratch + "/project"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: URL(fileURLWithPath: root + "/notes.txt"))
        #expect {
            try LayoutTransaction(destination: root)
        } throws: { error in
            (error as? LayoutError)?.description.contains("is not an OCI image layout") == true
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["notes.txt"])
    }

    @Test func verificationCatchesACorruptedBlob() throws {
        let root = scratch + "/layout"
        let transaction = try LayoutTransaction(destination: root)
        let layer = try transaction.addBlob(Array(repeating: 7, count: 5000), mediaType: .ociLayerTarGzip)
        let config = try transaction.addBlob(Array("{}".utf8), mediaType: .wasmConfigV1)
        let manifest = try transaction.addBlob(
            try JSONValueEncoder().bytes(ImageManifest(config: config, layers: [layer])), mediaType: .ociImageManifest)
        transaction.tag(manifest, as: ["latest"])
        try transaction.commit()

        let layout = OCILayout(root: root)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: layout.blobPath(for: layer.digest)))
        bytes[100] ^= 0xff
        try bytes.write(to: URL(fileURLWithPath: layout.blobPath(for: layer.digest)))
        #expect {
            try layout.verify()
        } throws: { error in
            guard case .blobDigestMismatch(let expected, _, _) = error as? LayoutError else { return false }
            return expected == layer.digest
        }
    }

    @Test func picksTheImageByTagLatestOrTheOnlyOne() throws {
        let root = scratch + "/layout"
        let transaction = try LayoutTransaction(destination: root)
        let a = try addImage(to: transaction, payload: #"{"a":1}"#, tags: ["a"])
        try transaction.commit()
        let layout = OCILayout(root: root)
        #expect(try layout.descriptor(tag: nil).digest == a.digest)

        let more = try LayoutTransaction(destination: root)
        try addImage(to: more, payload: #"{"b":1}"#, tags: ["b"])
        try more.commit()
        #expect(throws: LayoutError.self) { try layout.descriptor(tag: nil) }
        #expect { try layout.descriptor(tag: "zzz") } throws: { error in
            (error as? LayoutError)?.description == "the layout '\(root)' has no image tagged 'zzz'; its tags are: a, b"
        }
    }

    @Test func readingSomethingThatIsNotALayoutSaysSo() {
        #expect { try OCILayout(root: scratch).index() } throws: { error in
            (error as? LayoutError)?.description.hasPrefix("'\(scratch)' is not an OCI image layout") == true
        }
    }
}

extension LayoutTransactionTests {
    @Test func anExistingEmptyDirectoryBecomesALayout() throws {
        let root = scratch + "/empty"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let transaction = try LayoutTransaction(destination: root)
        try addImage(to: transaction, payload: "{}", tags: ["latest"])
        try transaction.commit()
        #expect(try OCILayout(root: root).verify().blobs == 2)
    }
}
