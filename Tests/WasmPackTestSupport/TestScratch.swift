import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Where tests make their temporary folders: one folder per test process under the system temporary
/// directory (`$TMPDIR/wasmpack-tests-PID`), removed when the process exits, so that a test run adds
/// nothing to /tmp whether its tests pass or fail. Tests that can remove their own folder as they end
/// (`defer`, a fixture's `deinit`) still do; this catches every folder they cannot, or forget to.
/// The folder of a run that was killed before it could exit is removed by the next run.
public enum TestScratch {
    static let prefix = "wasmpack-tests-"

    /// The folder of this test process, made (and the folders of dead runs removed) on first use.
    public static let root: String = {
        let temporary = FileManager.default.temporaryDirectory.path
        removeFoldersOfDeadRuns(in: temporary)
        let root = temporary + "/" + prefix + String(getpid())
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        atexit { TestScratch.removeRoot() }
        return root
    }()

    /// A fresh, empty folder named after `label`, inside `root`.
    public static func folder(_ label: String) throws -> String {
        let path = self.path(label)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A fresh name inside `root`, not yet made, for tests that make (or must not find) it themselves.
    /// Short, so unix socket paths below it stay within the kernel's 108 bytes.
    public static func path(_ label: String) -> String {
        root + "/" + label + "-" + UUID().uuidString.prefix(8).lowercased()
    }

    private static func removeRoot() {
        try? FileManager.default.removeItem(atPath: root)
    }

    static func removeFoldersOfDeadRuns(in temporary: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), pid != getpid() else { continue }
            // ESRCH: no such process, so nothing is using the folder any more.
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? FileManager.default.removeItem(atPath: temporary + "/" + name)
            }
        }
    }
}
