import WasmPackPlatform
import WasmPackOCI

/// An exclusive advisory lock (`flock`) on `<layout>/.wasmpack.lock`, held by a writer while it
/// commits, so two builds or pulls into one layout cannot both read index.json and then each
/// write back their own version (one tag was lost in 12 of 50 concurrent builds).
///
/// Only writers lock. Readers (push, inspect) need no lock: a commit only adds blobs (by rename)
/// before it replaces index.json (by rename), and nothing ever changes or deletes a blob, so any
/// index.json a reader sees names blobs that are complete. A read-only layout stays pushable.
///
/// The lock file lives inside the layout because the layout is what is shared (other folders
/// may be on other machines' views of a network filesystem); the OCI spec lets a layout hold
/// other files, and skopeo and umoci ignore it.
final class LayoutLock {
    static let fileName = ".wasmpack.lock"

    let path: String
    private var descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { release() }

    /// Creates `root` when missing and waits until this process alone holds the layout's lock.
    /// - Returns: the lock, and the directories this call created (`root` last, if it did).
    static func acquire(root: String) throws(LayoutError) -> (lock: LayoutLock, created: [String]) {
        let path = root + "/" + fileName
        var created: [String] = []
        while true {
            created += try FileSystem.makeDirectories(root)
            let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0o644)
            guard descriptor >= 0 else {
                if errno == ENOENT { continue }  // the previous writer just removed the layout it had made
                throw POSIXFile.error(path, "create the lock file")
            }
            do throws(LayoutError) {
                try waitForLock(descriptor, path: path, root: root)
            } catch {
                close(descriptor)
                throw error
            }
            // A writer whose run failed removes the layout it had created, lock file included,
            // while it still holds the lock: a lock on that removed file guards nothing.
            var held = stat()
            var current = stat()
            if fstat(descriptor, &held) == 0, lstat(path, &current) == 0,
               held.st_dev == current.st_dev, held.st_ino == current.st_ino {
                return (LayoutLock(path: path, descriptor: descriptor), created)
            }
            close(descriptor)
        }
    }

    /// Waits until no writer holds the lock of the layout at `root`, without creating a lock file
    /// where there is none (a user's folder given by mistake). False when there is no lock file.
    static func waitForCurrentWriter(root: String) throws(LayoutError) -> Bool {
        let path = root + "/" + fileName
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        try waitForLock(descriptor, path: path, root: root)
        return true
    }

    /// Polls rather than blocks so an interrupt is noticed while another writer commits.
    private static func waitForLock(_ descriptor: Int32, path: String, root: String) throws(LayoutError) {
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else { throw POSIXFile.error(path, "lock") }
            if ProcessCancellation.isRequested { throw .interrupted(path: root) }
            usleep(10_000)
        }
    }

    /// Removes the layout directory this writer created and failed to complete, while still
    /// holding the lock (waiting writers notice the removed lock file and start again).
    func removeIncompleteLayout(_ root: String, created: [String]) {
        FileSystem.removeTree(root)
        FileSystem.removeEmptyDirectories(created.filter { $0 != root })
    }

    func release() {
        guard descriptor >= 0 else { return }
        close(descriptor)  // closing the last descriptor releases the flock
        descriptor = -1
    }
}
