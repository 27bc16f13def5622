import WasmPackPlatform

/// stdout carries results only; everything else goes to stderr.
enum Output {
    static func result(_ line: String) {
        print(line)
    }

    /// Messages echo paths, references and registry text: escaped like errors so each stays one line.
    /// While a progress display is live it owns stderr (and `-q` drops messages), so lines go through it.
    static func message(_ line: String) {
        let text = ErrorReport.escaped(line)
        if let display = ProgressDisplay.active { display.message(text) } else { FileHandleStderr.write(text + "\n") }
    }

    /// Like `message`, but printed with `-q` too: a warning is about something the user should fix.
    static func warning(_ line: String) {
        notice("warning: " + line)
    }

    /// Printed with `-q` too, like errors: warnings, and how an interrupted command ended.
    static func notice(_ line: String) {
        let text = ErrorReport.escaped(line)
        if let display = ProgressDisplay.active { display.notice(text) } else { FileHandleStderr.write(text + "\n") }
    }
}

enum FileHandleStderr {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { SystemCall.write(2, $0.baseAddress, $0.count) }
    }
}
