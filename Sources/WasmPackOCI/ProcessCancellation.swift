import Synchronization

/// A process-wide "stop now", set once by the CLI's SIGINT/SIGTERM handler and polled by work
/// that runs long: transfers (libcurl's progress callback, upload reads), worker pools, layer
/// extraction and layer building.
///
/// It lives in the lowest module because every layer that writes files must see it, and because
/// the order of an interrupt matters: workers must stop writing before anyone removes the folders
/// they write into (removing a staging folder under a running download left partial blobs behind).
/// Staging folders register a cleanup here; the handler runs the cleanups only as a last resort,
/// after the work had its chance to unwind and undo itself.
public enum ProcessCancellation {
    /// A registered cleanup, to be withdrawn once its folder is committed or removed.
    public struct CleanupToken: Sendable, Hashable {
        fileprivate let id: Int
    }

    private static let flag = Atomic<Bool>(false)
    private static let cleanups = Mutex<(next: Int, actions: [Int: @Sendable () -> Void])>((0, [:]))

    /// True once `request()` was called; never reset.
    public static var isRequested: Bool { flag.load(ordering: .acquiring) }

    /// Asks every running piece of work to stop at its next check. Safe from any thread.
    public static func request() { flag.store(true, ordering: .releasing) }

    /// Remembers how to remove something half-written if the process is interrupted.
    public static func registerCleanup(_ action: @escaping @Sendable () -> Void) -> CleanupToken {
        cleanups.withLock { state in
            state.next += 1
            state.actions[state.next] = action
            return CleanupToken(id: state.next)
        }
    }

    public static func unregisterCleanup(_ token: CleanupToken) {
        _ = cleanups.withLock { $0.actions.removeValue(forKey: token.id) }
    }

    /// True while something half-written is registered: only then is an interrupt worth waiting
    /// for (a prompt waiting for a password has nothing to undo and may exit at once).
    public static var hasPendingCleanups: Bool {
        cleanups.withLock { !$0.actions.isEmpty }
    }

    /// Runs (and forgets) every cleanup still registered, newest first: inner staging folders go
    /// before the ones that hold them.
    public static func runCleanups() {
        let pending = cleanups.withLock { state in
            defer { state.actions = [:] }
            return state.actions.sorted { $0.key > $1.key }.map(\.value)
        }
        for action in pending { action() }
    }
}
