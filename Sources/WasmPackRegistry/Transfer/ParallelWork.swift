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
    /// A blob this big keeps a connection busy long enough (its transfer, and TCP slow start on
    /// the way) for other connections' set-up to happen meanwhile.
    static let bigBlobSize: Int64 = 1 << 20
    /// What opening a connection costs before its first request: TCP, then TLS 1.3 (TLS 1.2: 3).
    static let connectionSetUpRoundTrips = 2
    /// What a small blob costs on an open connection: a pull's GET; a push's HEAD, POST and PUT.
    static let pullRoundTrips = 1
    static let pushRoundTrips = 3

    /// In what order, and on how many threads (each with its own connection), to move blobs of
    /// these sizes, each costing `roundTrips` round trips when small.
    ///
    /// Biggest first: the first thread takes the connection the ping left open and starts the
    /// biggest blob on it at once. With a big blob, the others go in parallel up to
    /// `concurrency`, their connections' set-up hidden behind its transfer. With only small ones
    /// there is nothing to hide a set-up behind, so one more connection is opened only for as
    /// many small blobs as outweigh its set-up: every blob of a push (3 round trips each, more
    /// than a set-up's 2), every third blob of a pull (the rest share the open connection).
    static func plan(sizes: [Int64], roundTrips: Int, concurrency: Int) -> (order: [Int], workers: Int) {
        let order = sizes.indices.sorted { sizes[$0] > sizes[$1] || (sizes[$0] == sizes[$1] && $0 < $1) }
        guard !sizes.isEmpty else { return (order, 1) }
        let blobsPerConnection = connectionSetUpRoundTrips / max(1, roundTrips) + 1
        let wanted = sizes.contains { $0 >= bigBlobSize } ? sizes.count : 1 + (sizes.count - 1) / blobsPerConnection
        return (order, max(1, min(concurrency, wanted)))
    }

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
