/// The system calls the rest of wasmpack names explicitly because a bare `write` or `exit` would be
/// ambiguous with a Swift method of the same name, plus the few whose spelling differs between C
/// libraries (terminal size, signals).
public enum SystemCall {
    /// write(2), without retry: callers loop over partial writes themselves.
    @discardableResult
    public static func write(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.write(descriptor, buffer, count)
        #elseif canImport(Darwin)
        Darwin.write(descriptor, buffer, count)
        #endif
    }

    /// read(2), without retry.
    public static func read(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.read(descriptor, buffer, count)
        #elseif canImport(Musl)
        Musl.read(descriptor, buffer, count)
        #elseif canImport(Darwin)
        Darwin.read(descriptor, buffer, count)
        #endif
    }

    /// rename(2): atomic replacement within one file system.
    public static func rename(_ source: String, _ destination: String) -> Int32 {
        #if canImport(Glibc)
        Glibc.rename(source, destination)
        #elseif canImport(Musl)
        Musl.rename(source, destination)
        #elseif canImport(Darwin)
        Darwin.rename(source, destination)
        #endif
    }

    /// exit(3): flushes stdio (stdout's results) before the process ends.
    public static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #elseif canImport(Musl)
        Musl.exit(code)
        #elseif canImport(Darwin)
        Darwin.exit(code)
        #endif
    }

    /// Writes all of `text` to `descriptor` (stderr by default), retrying short writes and EINTR.
    public static func write(_ text: String, to descriptor: Int32 = 2) {
        var bytes = Array(text.utf8)
        bytes.withUnsafeMutableBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
    }

    /// Whether `descriptor` is a terminal (isatty(3)).
    public static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    /// The terminal's columns and rows, or nil when `descriptor` is not a terminal or reports no
    /// size (a pty never sized).
    public static func terminalSize(_ descriptor: Int32) -> (columns: Int, rows: Int)? {
        var size = winsize()
        // ioctl's request is an unsigned long in glibc and Darwin, an int in musl.
        #if canImport(Musl)
        let status = ioctl(descriptor, Int32(TIOCGWINSZ), &size)
        #else
        let status = ioctl(descriptor, UInt(TIOCGWINSZ), &size)
        #endif
        guard status == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// One variable of this process's environment (getenv(3)).
    public static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Sets `signal` to be ignored (SIG_IGN), as before handling it through a dispatch source.
    public static func ignore(signal number: Int32) {
        _ = signal(number, SIG_IGN)
    }

    /// The text of an errno value (strerror(3)).
    public static func message(errno code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// The user's home folder: $HOME, else the password database's entry, else "/".
    public static func homeDirectory(environment: [String: String]) -> String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        if let entry = getpwuid(getuid()), let directory = entry.pointee.pw_dir { return String(cString: directory) }
        return "/"
    }
}
