import Dispatch
import Synchronization

/// Carries a blob's bytes from a download on one thread to an upload on another, holding at most
/// `capacity` chunks (each one libcurl receive buffer, 256 KiB at most), so copying a blob of any
/// size between registries costs a few MiB and no disk.
///
/// The writer (a download's body handler) blocks while the pipe is full; the reader (an upload's
/// request body) blocks while it is empty. Either side can stop the other: `finish`/`fail` from
/// the writer end the stream, `close` from the reader makes the next `write` throw, which aborts
/// the download. Single use: an upload that must be retried opens a new pipe and a new download.
public final class BlobPipe: Sendable {
    /// Why a write was refused: the reader is gone (the upload ended or failed).
    public struct Closed: Error {}

    private struct State {
        var chunks: [[UInt8]] = []
        /// Bytes of `chunks[0]` already read.
        var headOffset = 0
        var finished = false
        var failure: (any Error)?
        var readerClosed = false
        var claimed = false
    }

    private let state = Mutex(State())
    /// Signalled whenever the reader may make progress (a chunk, the end, a failure); extra signals
    /// only make it look again.
    private let readable = DispatchSemaphore(value: 0)
    /// Signalled whenever the writer may make progress (a chunk taken, the reader gone).
    private let writable = DispatchSemaphore(value: 0)
    private let capacity: Int

    public init(capacity: Int = 8) {
        self.capacity = max(1, capacity)
    }

    /// Appends a copy of `bytes`, waiting while the pipe is full. Throws `Closed` once the reader is gone.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        while true {
            let outcome = state.withLock { state -> Bool? in
                if state.readerClosed { return nil }
                guard state.chunks.count < capacity else { return false }
                state.chunks.append(Array(bytes))
                return true
            }
            switch outcome {
            case nil: throw Closed()
            case true?:
                readable.signal()
                return
            case false?:
                writable.wait()
            }
        }
    }

    /// The writer is done: every byte was written.
    public func finish() {
        state.withLock { $0.finished = true }
        readable.signal()
    }

    /// The writer stopped: the reader's next read after what was buffered fails with `error`.
    public func fail(_ error: any Error) {
        state.withLock { if $0.failure == nil { $0.failure = error } }
        readable.signal()
    }

    /// The reader is done (or gave up): a blocked or later `write` throws `Closed`.
    public func close() {
        state.withLock { $0.readerClosed = true; $0.chunks = [] }
        writable.signal()
    }

    /// Takes the pipe for one request body; false when it was taken before (a resent request
    /// cannot replay what the first one consumed).
    func claim() -> Bool {
        state.withLock { state in
            defer { state.claimed = true }
            return !state.claimed
        }
    }

    enum ReadResult {
        case bytes(Int)
        case end
        case failed(any Error)
    }

    /// Copies up to `capacity` bytes into `buffer`, waiting for the writer when nothing is buffered.
    func read(into buffer: UnsafeMutableRawPointer, capacity wanted: Int) -> ReadResult {
        guard wanted > 0 else { return .bytes(0) }
        while true {
            let result = state.withLock { state -> ReadResult? in
                if let head = state.chunks.first {
                    let count = min(wanted, head.count - state.headOffset)
                    head.withUnsafeBytes { raw in
                        buffer.copyMemory(from: raw.baseAddress! + state.headOffset, byteCount: count)
                    }
                    state.headOffset += count
                    if state.headOffset == head.count {
                        state.chunks.removeFirst()
                        state.headOffset = 0
                    }
                    return .bytes(count)
                }
                if let failure = state.failure { return .failed(failure) }
                if state.finished { return .end }
                return nil
            }
            guard let result else {
                readable.wait()
                continue
            }
            if case .bytes = result { writable.signal() }
            return result
        }
    }
}
