import Synchronization

/// Paths of staging directories still in use, so an interrupted process can remove them
/// (the CLI calls `removeAll()` from its SIGINT/SIGTERM handler).
public enum StagingRegistry {
    private static let paths = Mutex<Set<String>>([])

    static func register(_ path: String) { paths.withLock { _ = $0.insert(path) } }
    static func unregister(_ path: String) { paths.withLock { _ = $0.remove(path) } }

    /// Removes every registered staging directory.
    public static func removeAll() {
        let current = paths.withLock { paths in
            defer { paths.removeAll() }
            return paths
        }
        for path in current { FileSystem.removeTree(path) }
    }
}
