import WasmPackPlatform

/// Runs one credential-helper command: bytes in on stdin, stdout and stderr captured, killed at a deadline.
///
/// posix_spawn instead of Foundation's Process because a timeout has to stop the whole helper:
/// the child gets its own process group and the group is killed, so a shell script's `sleep` (or
/// a prompt it spawned) cannot hold stdout open after the deadline. stdin is a socket written
/// without SIGPIPE (SocketPair), so a helper that exits without reading it cannot kill us.
struct HelperProcess {
    enum Failure: Error {
        case spawn(errno: Int32)
        case timedOut
    }

    struct Result {
        var status: Int32
        var stdout: [UInt8]
        var stderr: [UInt8]
    }

    static let outputLimit = 1 << 20

    static func run(
        executable: String, arguments: [String], environment: [String: String], input: [UInt8], timeout: Double
    ) throws(Failure) -> Result {
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64((timeout * 1000).rounded(.up))))

        // Socket pairs rather than pipes: close-on-exec is set atomically (pipe2 is not imported),
        // so a helper spawned by another thread never inherits these descriptors.
        var pairs: [[Int32]] = []
        for _ in 0..<3 {
            do {
                let (ours, theirs) = try SocketPair.make()
                pairs.append([ours, theirs])
            } catch {
                closeAll(pairs.flatMap { $0 })
                throw .spawn(errno: error.code)
            }
        }
        // [0] is ours, [1] the child's.
        let (stdinPair, stdoutPair, stderrPair) = (pairs[0], pairs[1], pairs[2])

        let envp = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        let pid: pid_t
        do {
            pid = try ProcessSpawn.spawn(
                executable: executable, arguments: [executable] + arguments, environment: envp,
                standardInput: stdinPair[1], standardOutput: stdoutPair[1], standardError: stderrPair[1])
        } catch {
            closeAll(pairs.flatMap { $0 })
            throw .spawn(errno: error.code)
        }
        closeAll([stdinPair[1], stdoutPair[1], stderrPair[1]])

        var streams = Streams(stdin: stdinPair[0], stdout: stdoutPair[0], stderr: stderrPair[0], input: input)
        defer { streams.closeAll() }
        let finished = streams.pump(until: deadline)
        if finished, let status = wait(for: pid, until: deadline) {
            return Result(status: status, stdout: streams.stdoutBytes, stderr: streams.stderrBytes)
        }
        kill(-pid, SIGKILL)
        var ignored: Int32 = 0
        while waitpid(pid, &ignored, 0) < 0 && errno == EINTR {}
        throw .timedOut
    }

    /// The exit status (128 + signal when killed by one), or nil if the deadline passed first.
    private static func wait(for pid: pid_t, until deadline: ContinuousClock.Instant) -> Int32? {
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid {
                return ProcessSpawn.exitCode(status: status).exitCode
            }
            if reaped < 0 && errno != EINTR { return -1 }
            if ContinuousClock.now >= deadline { return nil }
            usleep(5_000)
        }
    }

    private static func closeAll(_ descriptors: [Int32]) {
        for descriptor in descriptors where descriptor >= 0 { close(descriptor) }
    }

    /// Our ends of the three standard streams, pumped with poll(2).
    private struct Streams {
        var stdin: Int32
        var stdout: Int32
        var stderr: Int32
        var input: [UInt8]
        var written = 0
        var stdoutBytes: [UInt8] = []
        var stderrBytes: [UInt8] = []

        init(stdin: Int32, stdout: Int32, stderr: Int32, input: [UInt8]) {
            (self.stdin, self.stdout, self.stderr, self.input) = (stdin, stdout, stderr, input)
            if input.isEmpty { closeStdin() }
        }

        /// Feeds stdin and drains stdout/stderr until both reach end of file (true) or the deadline (false).
        mutating func pump(until deadline: ContinuousClock.Instant) -> Bool {
            while stdout >= 0 || stderr >= 0 {
                let remaining = deadline - ContinuousClock.now
                if remaining <= .zero { return false }
                let milliseconds = Int32(min(remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000 + 1, 60_000))
                var descriptors = [
                    pollfd(fd: stdin, events: Int16(POLLOUT), revents: 0),
                    pollfd(fd: stdout, events: Int16(POLLIN), revents: 0),
                    pollfd(fd: stderr, events: Int16(POLLIN), revents: 0),
                ]
                // poll ignores negative descriptors, so closed streams drop out by themselves.
                let ready = poll(&descriptors, nfds_t(descriptors.count), milliseconds)
                if ready < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                if descriptors[0].revents != 0 { feedStdin() }
                if descriptors[1].revents != 0 { Self.drain(&stdout, into: &stdoutBytes) }
                if descriptors[2].revents != 0 { Self.drain(&stderr, into: &stderrBytes) }
            }
            return true
        }

        private mutating func feedStdin() {
            // Non-blocking: a helper that never reads must not block us past the deadline.
            let flags = SocketPair.sendFlags
            let sent = input.withUnsafeBytes { send(stdin, $0.baseAddress! + written, $0.count - written, flags) }
            if sent > 0 { written += sent }
            // A helper that exits without reading its stdin is not our error; its exit status will tell.
            if written == input.count || (sent < 0 && errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) { closeStdin() }
        }

        private mutating func closeStdin() {
            if stdin >= 0 { close(stdin) }
            stdin = -1
        }

        private static func drain(_ descriptor: inout Int32, into bytes: inout [UInt8]) {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                if bytes.count < HelperProcess.outputLimit { bytes.append(contentsOf: buffer[0..<count]) }
            } else if count == 0 || errno != EINTR {
                close(descriptor)
                descriptor = -1
            }
        }

        mutating func closeAll() {
            closeStdin()
            for descriptor in [stdout, stderr] where descriptor >= 0 { close(descriptor) }
            (stdout, stderr) = (-1, -1)
        }
    }
}
