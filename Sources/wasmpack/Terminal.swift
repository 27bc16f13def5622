import WasmPackPlatform

/// What the progress display needs to know about stderr's terminal. The only file of the CLI
/// that asks the C library about terminals (issue 11 moves it into the platform module).
enum Terminal {
    /// Whether stderr is a terminal (not a pipe, a file or /dev/null).
    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Columns and rows of stderr's terminal; nil when it is no terminal or reports no size (a pty never sized).
    static var stderrSize: (columns: Int, rows: Int)? {
        var size = winsize()
        guard ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return (Int(size.ws_col), Int(size.ws_row))
    }

    /// An environment variable of this process (`NO_COLOR`, `TERM`, `COLUMNS`).
    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
