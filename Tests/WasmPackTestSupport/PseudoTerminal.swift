import Foundation

/// Runs a program with its stderr on a pseudo-terminal, as a user at a terminal runs it, and
/// its stdout captured apart (Services/pty_run.py, Python's pty support: no extra package).
///
///     let run = try PseudoTerminal.run(wasmpack, ["push", reference], columns: 100)
///     // run.terminal: every byte written to the terminal, escape sequences included
public enum PseudoTerminal {
    public struct Run: Sendable {
        /// The exit status; 124 when it was killed at the deadline.
        public var status: Int32
        public var stdout: String
        /// What the terminal received, as written (the pty adds "\r" before each "\n").
        public var terminal: String
    }

    public static func run(
        _ executable: String, _ arguments: [String], in directory: String, environment: [String: String] = [:],
        columns: Int = 100, rows: Int = 24, timeout: Double = 120
    ) throws -> Run {
        let python = ServiceProcess.python
        guard FileManager.default.isExecutableFile(atPath: python) else { throw TestServiceError.missingTool(path: python) }
        let files = try TestScratch.folder("pty")
        defer { try? FileManager.default.removeItem(atPath: files) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [ServiceProcess.scriptDirectory + "/pty_run.py", "--columns", String(columns), "--rows", String(rows),
                             "--timeout", String(timeout), "--stdout", files + "/stdout", "--terminal", files + "/terminal",
                             "--", executable] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        // As at a developer's terminal, also when the tests themselves run in CI.
        var env = ProcessInfo.processInfo.environment
        for key in ["CI", "NO_COLOR", "SOURCE_DATE_EPOCH", "WASMPACK_USERNAME", "WASMPACK_PASSWORD"] { env.removeValue(forKey: key) }
        env["TERM"] = "xterm-256color"
        process.environment = env.merging(environment) { $1 }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        let read = { (name: String) in
            String(decoding: FileManager.default.contents(atPath: files + "/" + name) ?? Data(), as: UTF8.self)
        }
        return Run(status: process.terminationStatus, stdout: read("stdout"), terminal: read("terminal"))
    }
}
