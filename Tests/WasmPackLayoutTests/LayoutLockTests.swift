import Foundation
import Testing
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Writers of one layout take turns on `<layout>/.wasmpack.lock`; readers need no lock; blob
/// files are read only when they are regular files inside the layout.
@Suite("Image layout locking and blob checks")
struct LayoutLockTests {
    let scratch: String

    init() throws {
        scratch = try TestScratch.folder("layout-lock")
    }

    private func transaction(_ root: String, payload: String, tag: String) throws -> (LayoutTransaction, Descriptor) {
        let transaction = try LayoutTransaction(destination: root)
        let config = try transaction.addBlob(Array(payload.utf8), mediaType: .wasmConfigV1)
        let manifest = try transaction.addBlob(try JSONValueEncoder().bytes(ImageManifest(config: config, layers: [])), mediaType: .ociImageManifest)
        transaction.tag(manifest, as: [tag])
        return (transaction, manifest)
    }

    @Test func aCommitWaitsForTheWriterHoldingTheLockAndKeepsItsTags() throws {
        let root = scratch + "/layout"
        let (first, _) = try transaction(root, payload: #"{"n":1}"#, tag: "a")
        try first.commit()
        let (second, _) = try transaction(root, payload: #"{"n":2}"#, tag: "b")

        // Another process's writer, as far as flock is concerned: a separate open file description.
        let held = open(root + "/.wasmpack.lock", O_RDWR)
        #expect(held >= 0 && flock(held, LOCK_EX) == 0)
        let committed = Mutex(false)
        let box = Box(second)
        let thread = Thread {
            try? box.transaction.commit()
            committed.withLock { $0 = true }
        }
        thread.start()
        usleep(300_000)
        #expect(committed.withLock { $0 } == false, "the commit must wait for the lock")
        #expect(try OCILayout(root: root).index().manifests.compactMap(\.refName) == ["a"])
        close(held)
        let deadline = Date().addingTimeInterval(5)
        while !committed.withLock({ $0 }) && Date() < deadline { usleep(10_000) }
        #expect(try OCILayout(root: root).index().manifests.compactMap(\.refName).sorted() == ["a", "b"])
    }

    @Test func aDirectoryHoldingOnlyALeftoverLockBecomesALayout() throws {
        let root = scratch + "/layout"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/.wasmpack.lock", contents: nil)
        let (transaction, _) = try transaction(root, payload: "{}", tag: "latest")
        try transaction.commit()
        #expect(try OCILayout(root: root).verify().blobs == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch) == ["layout"], "no staging left beside it")
    }

    @Test func aFailedCommitRemovesTheLayoutDirectoryItCreated() throws {
        let root = scratch + "/new/layout"
        let (transaction, manifest) = try transaction(root, payload: #"{"n":4}"#, tag: "latest")
        // Lose a staged blob behind the transaction's back, so that moving it in fails.
        let staging = (transaction.temporaryPath() as NSString).deletingLastPathComponent
        try FileManager.default.removeItem(atPath: "\(staging)/blobs/sha256/\(manifest.digest.encoded)")
        #expect(throws: LayoutError.self) { try transaction.commit() }
        #expect(!FileManager.default.fileExists(atPath: root), "the half-made layout (and its lock file) must go")
        #expect(!FileManager.default.fileExists(atPath: scratch + "/new"), "and the parent made for it")
    }

    @Test func aUsersFolderIsStillRefusedAndGetsNoLockFile() throws {
        let root = scratch + "/documents"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: root + "/notes.txt", contents: Data("x".utf8))
        #expect(throws: LayoutError.self) { _ = try LayoutTransaction(destination: root) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["notes.txt"])
    }

    @Test func blobFilesMustBeRegularFilesOfTheirSizeInsideTheLayout() throws {
        let root = scratch + "/layout"
        let (transaction, manifest) = try transaction(root, payload: #"{"n":3}"#, tag: "latest")
        try transaction.commit()
        let layout = OCILayout(root: root)
        let config = try layout.manifest(manifest).config
        let path = layout.blobPath(for: config.digest)
        #expect(try layout.checkedBlobFile(config) == path)

        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/etc/passwd")
        #expect { try layout.checkedBlobFile(config) } throws: { error in
            guard case .blobNotRegularFile(_, _, let kind) = error as? LayoutError else { return false }
            return kind == "a symbolic link"
        }
        // Reading it as a small blob is refused the same way: /etc/passwd is never read.
        #expect(throws: LayoutError.self) { _ = try layout.readBlob(config) }

        try FileManager.default.removeItem(atPath: path)
        try Data("{}".utf8).write(to: URL(fileURLWithPath: path))
        #expect { try layout.checkedBlobFile(config) } throws: { error in
            guard case .blobSizeMismatch = error as? LayoutError else { return false }
            return "\(error)".contains(path)
        }
        #expect { try layout.blobsReachable(from: manifest) } throws: { error in
            guard case .blobSizeMismatch = error as? LayoutError else { return false }
            return true
        }
    }
}

/// Hands a transaction to the one other thread that commits it.
private final class Box: @unchecked Sendable {
    let transaction: LayoutTransaction
    init(_ transaction: LayoutTransaction) { self.transaction = transaction }
}
