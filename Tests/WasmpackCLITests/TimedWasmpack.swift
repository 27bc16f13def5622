import Foundation

/// Runs the built `wasmpack` with a deadline, so a regression that blocks (on a FIFO, a full
/// disk) fails its test instead of hanging the suite. Output goes to files, not pipes: neither
/// side can stall the other, and a killed child leaves what it wrote.
struct TimedWasmpack {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
        var timedOut: Bool

        /// stderr split into lines, without the final newline's empty remainder.
        var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    var timeout: TimeInterval = 30

    func run(_ arguments: [String], in directory: String = CommandLineTests.testdata,
             environment: [String: String] = [:], input: String = "") throws -> Run {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wasmpack-timed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let paths = ["stdin", "stdout", "stderr"].map { scratch.appendingPathComponent($0) }
        try Data(input.utf8).write(to: paths[0])
        for path in paths.dropFirst() { try Data().write(to: path) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLineTests.executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ProcessInfo.processInfo.environment
        for key in ["SOURCE_DATE_EPOCH", "WASMPACK_USERNAME", "WASMPACK_PASSWORD"] { env.removeValue(forKey: key) }
        process.environment = env.merging(environment) { $1 }
        let handles = try [FileHandle(forReadingFrom: paths[0])] + paths.dropFirst().map { try FileHandle(forWritingTo: $0) }
        defer { for handle in handles { try? handle.close() } }
        process.standardInput = handles[0]
        process.standardOutput = handles[1]
        process.standardError = handles[2]
        try process.run()

        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        let timedOut = process.isRunning
        if timedOut {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus,
            stdout: String(decoding: try Data(contentsOf: paths[1]), as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: paths[2]), as: UTF8.self),
            timedOut: timedOut)
    }
}
