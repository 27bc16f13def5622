import Dispatch
import Foundation
import Synchronization

/// Runs `count` jobs on up to `concurrency` threads (blocking I/O, so real threads rather than
/// `concurrentPerform`, which stops at the core count). The first error stops further jobs and is rethrown.
enum ParallelWork {
    static func run(
        count: Int, concurrency: Int, _ job: @escaping @Sendable (Int) throws(RegistryError) -> Void
    ) throws(RegistryError) {
        guard count > 0 else { return }
        let next = Atomic<Int>(0)
        let firstError = Mutex<RegistryError?>(nil)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(concurrency, count)) {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                while firstError.withLock({ $0 == nil }) {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < count else { return }
                    do throws(RegistryError) {
                        try job(index)
                    } catch {
                        firstError.withLock { if $0 == nil { $0 = error } }
                    }
                }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        if let error = firstError.withLock({ $0 }) { throw error }
    }
}
