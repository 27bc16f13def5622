/// Connected Unix stream sockets for talking to a child process (stdin/stdout/stderr of a
/// credential helper). Sockets rather than pipes: close-on-exec is set atomically on Linux, so a
/// child spawned by another thread never inherits them, and a write to a peer that exited fails
/// with EPIPE instead of raising SIGPIPE.
public enum SocketPair {
    /// A new pair, both ends close-on-exec.
    public static func make() throws(SystemError) -> (Int32, Int32) {
        var pair: [Int32] = [-1, -1]
        #if canImport(Darwin)
        guard socketpair(AF_UNIX, SOCK_STREAM, 0, &pair) == 0 else { throw SystemError(code: errno) }
        // Darwin has no SOCK_CLOEXEC or MSG_NOSIGNAL: the flag is set right after, SIGPIPE off per socket.
        var on: Int32 = 1
        for descriptor in pair {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            _ = setsockopt(descriptor, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        }
        #else
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &pair) == 0 else {
            throw SystemError(code: errno)
        }
        #endif
        return (pair[0], pair[1])
    }

    /// send(2) flags for writing to such a socket without blocking and without SIGPIPE.
    public static var sendFlags: Int32 {
        #if canImport(Darwin)
        Int32(MSG_DONTWAIT)
        #else
        Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT)
        #endif
    }
}
