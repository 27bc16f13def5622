/// A byte source could not deliver its bytes (an I/O error in the caller's source, say). The reader
/// reports it as `WasmReadError.unreadable` with the offset it had reached.
public struct WasmSourceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// One line saying what failed, e.g. `read failed: Input/output error`.
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
