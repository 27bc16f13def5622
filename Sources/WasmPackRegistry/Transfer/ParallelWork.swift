import Dispatch
import Foundation
import Synchronization
import WasmPackOCI

/// Runs `count` jobs on up to `concurrency` threads (blocking I/O, so real threads rather than
/// `concurrentPerform`, which stops at the core count). The first error stops further jobs and is rethrown.
/// An interrupt (`ProcessCancellation`) also stops further jobs; `run` returns only once every
/// thread has ended, so the caller may then remove what the jobs wrote.
enum ParallelWork {
    /// A blob this big is worth a connection of its own. A new connection costs a TCP (and TLS)
    /// handshake, 1–3 round trips, then starts slow (TCP slow start sends ~14 KB in its first
    /// round trip and doubles from there): a blob under 1 MiB is on the wire for about as long as
    /// that set-up takes, so it goes faster over the connection already open, after the others.
    static let ownConnectionSize: Int64 = 1 << 20
    /// Small blobs that, one after another, cost enough round trips (each one 1–3: HEAD, POST,
    /// PUT) to be worth one more connection between them.
    static let smallBlobsPerConnection = 8

    /// How many threads, each with its own connection, to move blobs of these sizes with:
    /// one per big blob, one more per `smallBlobsPerConnection` small ones, at least one (which
    /// takes the connection the ping left open) and at most `concurrency`.
    static func workers(sizes: [Int64], concurrency: Int) -> Int {
        let big = sizes.filter { $0 >= ownConnectionSize }.count
        let small = sizes.count - big
        return max(1, min(concurrency, big + small / smallBlobsPerConnection))
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
            let thread = Thread {
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
            thread.stackSize = 1 << 20
            thread.start()
        }
        group.wait()
        if let error = firstError.withLock({ $0 }) { throw error }
        if next.load(ordering: .relaxed) < count, ProcessCancellation.isRequested {
            // Some jobs never ran: the caller must not carry on as if they had.
            throw .layout(.interrupted(path: layout))
        }
    }
}
