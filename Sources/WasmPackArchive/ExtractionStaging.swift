import WasmPackPlatform
import WasmPackOCI

/// Where a layer is unpacked before it is known to be whole, and how it then gets into place.
///
/// - `directory` missing: into a new sibling `.NAME.extract-XXXXXXXX`, renamed to `directory` at
///   the end. One rename, so `directory` appears complete or not at all.
/// - `directory` present: into `directory/.wasmpack-extract-XXXXXXXX/layer` (inside it, so every
///   rename stays on one filesystem even when `directory` is a mount point), then moved in name by
///   name: directories merge, anything else replaces what is there, as a later image layer does.
///   Replaced entries are renamed aside into the staging directory, not deleted, and every rename
///   is journaled; a failure undoes the journal in reverse, so `directory` is left as it was.
///
/// A class because it owns the staging directory until `commit()` or `abandon()`; one of them
/// must be called.
///
/// Interrupts: the staging directory is registered with `ProcessCancellation`, whose cleanups run
/// only if the extraction did not unwind by itself in time (the extraction stops between data
/// blocks and `abandon()` undoes a merge); the cleanup removes the staging directory and the
/// parents this extraction created.
final class ExtractionStaging {
    private enum Step {
        case placed(destination: [UInt8], source: [UInt8])
        case displaced(original: [UInt8], aside: [UInt8])
    }

    /// Where the session writes: the staging directory, `realpath`'d.
    let extractionRoot: [UInt8]
    private let directory: [UInt8]
    private let staging: [UInt8]
    private let merging: Bool
    private var createdParents: [[UInt8]] = []
    private var journal: [Step] = []
    private var finished = false
    private var cleanup: ProcessCancellation.CleanupToken?

    init(directory: String) throws(ExtractionError) {
        let directory = Array(directory.utf8)
        self.directory = directory
        var info = stat()
        if ExtractionFileSystem.withCPath(directory, { stat($0, &info) }) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw .cannotCreateDirectory(ExtractionPath.display(directory), errno: ENOTDIR)
            }
            merging = true
            staging = try Self.makeUniqueDirectory(prefix: directory + Array("/.wasmpack-extract-".utf8))
            let root = staging + Array("/layer".utf8)
            let code = ExtractionFileSystem.makeDirectory(root, mode: 0o700)
            let resolved = code == 0 ? ExtractionFileSystem.realPath(root) : nil
            guard let resolved else {
                let failure = code == 0 ? errno : code
                ExtractionFileSystem.removeTree(staging)
                throw .cannotCreateDirectory(ExtractionPath.display(root), errno: failure)
            }
            extractionRoot = resolved
        } else {
            guard errno == ENOENT else { throw .cannotCreateDirectory(ExtractionPath.display(directory), errno: errno) }
            merging = false
            let parent = ExtractionFileSystem.parent(of: directory)
            let created = try ExtractionFileSystem.makeDirectories(parent)
            let name = ExtractionFileSystem.lastComponent(of: directory)
            let prefix = (parent.isEmpty ? [] : parent + [ExtractionPath.separator]) + [UInt8(ascii: ".")] + name
            do {
                // Mode 0777 less the umask: this directory becomes `directory` itself.
                staging = try Self.makeUniqueDirectory(prefix: prefix + Array(".extract-".utf8), mode: 0o777)
            } catch {
                ExtractionFileSystem.removeDirectories(created)
                throw error
            }
            guard let resolved = ExtractionFileSystem.realPath(staging) else {
                let code = errno
                ExtractionFileSystem.removeTree(staging)
                ExtractionFileSystem.removeDirectories(created)
                throw .cannotCreateDirectory(ExtractionPath.display(staging), errno: code)
            }
            createdParents = created
            extractionRoot = resolved
        }
        let staging = self.staging
        let createdParents = self.createdParents
        cleanup = ProcessCancellation.registerCleanup {
            ExtractionFileSystem.removeTree(staging)
            ExtractionFileSystem.removeDirectories(createdParents)
        }
    }

    /// Makes the unpacked tree visible where its symlinks can be checked in their final
    /// surroundings, and returns that root: the staging directory itself when `directory` is new
    /// (it is the whole result), `directory` after the merge otherwise.
    func place() throws(ExtractionError) -> [UInt8] {
        guard merging else { return extractionRoot }
        guard let target = ExtractionFileSystem.realPath(directory) else {
            throw .cannotMoveIntoPlace(ExtractionPath.display(directory), errno: errno)
        }
        do {
            try merge(extractionRoot, into: target)
        } catch {
            throw .cannotMoveIntoPlace(ExtractionPath.display(error.path), errno: error.code)
        }
        return target
    }

    /// Ends the extraction successfully: renames a new directory into place, or drops what a
    /// merge replaced.
    func commit() throws(ExtractionError) {
        if !merging {
            let code = ExtractionFileSystem.move(staging, to: directory)
            guard code == 0 else { throw .cannotMoveIntoPlace(ExtractionPath.display(directory), errno: code) }
        } else {
            ExtractionFileSystem.removeTree(staging)
        }
        finished = true
        cleanup.map(ProcessCancellation.unregisterCleanup)
    }

    /// Undoes everything this extraction did to the filesystem; safe to call more than once.
    func abandon() {
        guard !finished else { return }
        finished = true
        for step in journal.reversed() {
            switch step {
            case .placed(let destination, let source):
                _ = ExtractionFileSystem.move(destination, to: source)
            case .displaced(let original, let aside):
                _ = ExtractionFileSystem.move(aside, to: original)
            }
        }
        journal = []
        ExtractionFileSystem.removeTree(staging)
        ExtractionFileSystem.removeDirectories(createdParents)
        cleanup.map(ProcessCancellation.unregisterCleanup)
    }

    private struct MoveFailure: Error {
        let path: [UInt8]
        let code: Int32
    }

    /// Moves the entries of `source` into `target`. `lstat` decides what merges, so a symlink in
    /// `directory` is replaced, never followed.
    private func merge(_ source: [UInt8], into target: [UInt8]) throws(MoveFailure) {
        let names: [[UInt8]]
        do {
            names = try ExtractionFileSystem.names(in: source)
        } catch {
            throw MoveFailure(path: source, code: error.code)
        }
        for name in names {
            let from = source + [ExtractionPath.separator] + name
            let to = target + [ExtractionPath.separator] + name
            let existing = ExtractionFileSystem.fileType(to)
            if existing == S_IFDIR, ExtractionFileSystem.fileType(from) == S_IFDIR {
                try merge(from, into: to)
                continue
            }
            if existing != nil {
                let aside = staging + Array("/displaced-\(journal.count)".utf8)
                let code = ExtractionFileSystem.move(to, to: aside)
                guard code == 0 else { throw MoveFailure(path: to, code: code) }
                journal.append(.displaced(original: to, aside: aside))
            }
            let code = ExtractionFileSystem.move(from, to: to)
            guard code == 0 else { throw MoveFailure(path: to, code: code) }
            journal.append(.placed(destination: to, source: from))
        }
    }

    /// Creates `prefix` followed by 16 random hex digits, retrying on a name already taken.
    private static func makeUniqueDirectory(prefix: [UInt8], mode: mode_t = 0o700) throws(ExtractionError) -> [UInt8] {
        while true {
            let suffix = String(UInt64.random(in: .min ... .max), radix: 16)
            let path = prefix + Array(String(repeating: "0", count: 16 - suffix.count).utf8) + Array(suffix.utf8)
            let code = ExtractionFileSystem.makeDirectory(path, mode: mode)
            if code == 0 { return path }
            guard code == EEXIST else { throw .cannotCreateDirectory(ExtractionPath.display(path), errno: code) }
        }
    }
}
