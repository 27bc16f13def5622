/// A failed system call: the errno it set.
public struct SystemError: Error, Equatable, Sendable {
    public let code: Int32

    public init(code: Int32) {
        self.code = code
    }

    /// The C library's text for the code (strerror(3)).
    public var message: String { SystemCall.message(errno: code) }
}
