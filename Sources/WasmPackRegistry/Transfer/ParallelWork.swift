import Dispatch
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import Synchronization
import WasmPackOCI

/// Runs `count` jobs on up to `concurrency` threads (blocking I/O, so real threads rather than
/// `concurrentPerform`, which stops at the core count). The first error stops further jobs and is rethrown.
/// An interrupt (`ProcessCancellation`) also stops further jobs; `run` returns only once every
/// thread has ended, so the caller may then remove what the jobs wrote.
enum ParallelWork {
    /// - Parameter layout: the layout the jobs work for, named in the error of an interrupt.
    static func run(
        count: Int, concurrency: Int, layout: String, _ job: @escaping @Sendable (Int) throws(RegistryError) -> Void
    ) throws(RegistryError) {
        guard count > 0 else { return }
        let next = Atomic<Int>(0)
        let firstError = Mutex<RegistryError?>(nil)
        let group = DispatchGroup()
        for _ in 0..<max(1, min(concurrency, count)) {
            group.enter()
            let started = SystemThread.start(stackSize: 1 << 20) {
                defer { group.leave() }
                while firstError.withLock({ $0 == nil }), !ProcessCancellation.isRequested {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < count else { return }
                    do throws(RegistryError) {
                        try job(index)
                    } catch {
                        firstError.withLock { if $0 == nil { $0 = error } }
                    }
                }
            }
            if !started { group.leave() }
        }
        group.wait()
        if let error = firstError.withLock({ $0 }) { throw error }
        if next.load(ordering: .relaxed) < count, ProcessCancellation.isRequested {
            // Some jobs never ran: the caller must not carry on as if they had.
            throw .layout(.interrupted(path: layout))
        }
    }
}
