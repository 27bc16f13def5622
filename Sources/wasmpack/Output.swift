import WasmPackPlatform

/// stdout carries results only; everything else goes to stderr.
enum Output {
    static func result(_ line: String) {
        print(line)
    }

    /// Messages echo paths, references and registry text: escaped like errors so each stays one line.
    static func message(_ line: String) {
        FileHandleStderr.write(ErrorReport.escaped(line) + "\n")
    }

    static func warning(_ line: String) {
        message("warning: " + line)
    }
}

enum FileHandleStderr {
    static func write(_ text: String) {
        var bytes = Array(text.utf8)
        _ = bytes.withUnsafeMutableBytes { SystemCall.write(2, $0.baseAddress, $0.count) }
    }
}
