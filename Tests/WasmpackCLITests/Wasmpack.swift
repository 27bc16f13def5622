import Foundation
import WasmPackTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `wasmpack` executable, as users and CI pipelines do: to the end (`run`), or in the
/// background (`start`) so a test can signal it mid-way or run several at once. Every run has a
/// deadline, so a regression that blocks (on a FIFO, a full disk, a stalled registry) fails its test
/// instead of hanging the suite. Output goes to files, not pipes: neither side can stall the other,
/// and a killed child leaves what it wrote.
struct Wasmpack: Sendable {
    struct Run {
        /// The exit status, or the signal number when `signalled`.
        var status: Int32
        var signalled: Bool
        /// Killed at the deadline.
        var timedOut: Bool
        var stdout: String
        var stderr: String

        /// stderr split into lines, without the final newline's empty remainder.
        var stderrLines: [Substring] { stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }
    }

    /// Seconds a run may take before it is killed.
    var timeout: TimeInterval = 300

    /// The executable sits beside the test bundle in SwiftPM's build folder.
    static var executable: String {
        if let path = ProcessInfo.processInfo.environment["WASMPACK_BIN"] { return path }
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("wasmpack")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                return candidate.path
            }
            if directory.lastPathComponent.hasSuffix(".xctest") || directory.lastPathComponent == "debug" {
                directory = directory.deletingLastPathComponent()
                continue
            }
            break
        }
        return CommandLineTests.packageRoot.appendingPathComponent(".build/debug/wasmpack").path
    }

    /// Runs `wasmpack arguments` in `directory` to its end (or the deadline), `input` on its stdin.
    /// `isolatedHome` points HOME and XDG_RUNTIME_DIR at an empty folder: no credentials from the
    /// developer's own files.
    func run(_ arguments: [String], in directory: String = CommandLineTests.testdata, environment: [String: String] = [:],
             input: String = "", isolatedHome: Bool = false) throws -> Run {
        let process = try start(arguments, in: directory, environment: environment, input: input, isolatedHome: isolatedHome)
        let timedOut = process.wait(seconds: timeout) == nil
        return Run(status: process.status, signalled: process.signalled, timedOut: timedOut, stdout: process.stdout, stderr: process.stderr)
    }

    /// Starts `wasmpack arguments` in `directory` without waiting for it.
    func start(_ arguments: [String], in directory: String = CommandLineTests.testdata, environment: [String: String] = [:],
               input: String = "", isolatedHome: Bool = false) throws -> Background {
        try Background(arguments, in: directory, environment: environment, input: input, isolatedHome: isolatedHome)
    }

    /// A fresh folder for a test's files, removed with the test process's scratch folder.
    func temporaryDirectory() throws -> String {
        try TestScratch.folder("cli")
    }

    /// A started `wasmpack`; killed, and its output files removed, when released.
    final class Background {
        private let process = Process()
        private let files: String
        private let finished = DispatchSemaphore(value: 0)

        fileprivate init(_ arguments: [String], in directory: String, environment: [String: String], input: String,
                         isolatedHome: Bool) throws {
            files = try TestScratch.folder("run")
            do {
                try Data(input.utf8).write(to: URL(fileURLWithPath: files + "/stdin"))
                for name in ["stdout", "stderr"] { try Data().write(to: URL(fileURLWithPath: files + "/" + name)) }
                process.executableURL = URL(fileURLWithPath: Wasmpack.executable)
                process.arguments = arguments
                process.currentDirectoryURL = URL(fileURLWithPath: directory)
                var env = ProcessInfo.processInfo.environment
                for key in ["SOURCE_DATE_EPOCH", "WASMPACK_USERNAME", "WASMPACK_PASSWORD"] { env.removeValue(forKey: key) }
                if isolatedHome {
                    for key in ["DOCKER_CONFIG", "REGISTRY_AUTH_FILE"] { env.removeValue(forKey: key) }
                    env["HOME"] = files
                    env["XDG_RUNTIME_DIR"] = files
                }
                process.environment = env.merging(environment) { $1 }
                // The child holds its own copies of the descriptors: ours close once it has started.
                let handles = [
                    try FileHandle(forReadingFrom: URL(fileURLWithPath: files + "/stdin")),
                    try FileHandle(forWritingTo: URL(fileURLWithPath: files + "/stdout")),
                    try FileHandle(forWritingTo: URL(fileURLWithPath: files + "/stderr")),
                ]
                defer { for handle in handles { try? handle.close() } }
                process.standardInput = handles[0]
                process.standardOutput = handles[1]
                process.standardError = handles[2]
                let finished = self.finished
                process.terminationHandler = { _ in finished.signal() }
                try process.run()
            } catch {
                try? FileManager.default.removeItem(atPath: files)
                throw error
            }
        }

        deinit {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(atPath: files)
        }

        var isRunning: Bool { process.isRunning }

        func send(_ signalNumber: Int32) {
            kill(process.processIdentifier, signalNumber)
        }

        /// The exit status, or nil if it did not end within `seconds` (then it is killed).
        @discardableResult
        func wait(seconds: Double) -> Int32? {
            if finished.wait(timeout: .now() + seconds) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                return nil
            }
            finished.signal()  // for the next `wait`: the process stays ended
            process.waitUntilExit()
            return process.terminationStatus
        }

        /// The exit status, or the signal number when `signalled`; only once it has ended.
        var status: Int32 { process.terminationStatus }
        var signalled: Bool { process.terminationReason == .uncaughtSignal }

        var stdout: String { String(decoding: FileManager.default.contents(atPath: files + "/stdout") ?? Data(), as: UTF8.self) }
        var stderr: String { String(decoding: FileManager.default.contents(atPath: files + "/stderr") ?? Data(), as: UTF8.self) }
    }
}
