import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One of the Python services in `Services/`, run with Debian's /usr/bin/python3 (the machine's
/// pyenv python has no `cryptography`). The service reports its port in a ready file and exits on
/// its own when this test process dies; `stop()` ends it with SIGTERM, then SIGKILL.
final class ServiceProcess: @unchecked Sendable {
    static let python = "/usr/bin/python3"

    /// The service scripts, found beside this source file so that a fresh clone needs no install
    /// step; the bundled copy serves when the sources have moved.
    static let scriptDirectory: String = {
        let besideSource = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Services").path
        if FileManager.default.fileExists(atPath: besideSource + "/service_common.py") { return besideSource }
        return Bundle.module.url(forResource: "Services", withExtension: nil)?.path ?? besideSource
    }()

    let name: String
    let port: Int
    let logFile: String
    private let process: Process
    private let lock = NSLock()
    private var stopped = false

    private struct Ready: Decodable {
        var port: Int
    }

    /// Starts `script` and waits until it has written its ready file.
    init(name: String, script: String, arguments: [String], in directory: WorkDirectory, timeout: Double = 30) throws {
        guard FileManager.default.isExecutableFile(atPath: Self.python) else {
            throw TestServiceError.missingTool(path: Self.python)
        }
        self.name = name
        logFile = Self.logFile(of: name, in: directory)
        _ = FileManager.default.createFile(atPath: logFile, contents: nil)
        let readyFile = directory.file("\(name).ready")

        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        // -s -E: ignore user site-packages and PYTHON* variables; -B: no __pycache__ in the sources.
        process.arguments = ["-s", "-E", "-B", Self.scriptDirectory + "/" + script,
                             "--parent-pid", String(getpid()), "--ready-file", readyFile,
                             "--work-directory", directory.path] + arguments
        process.environment = ExternalCommand.environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory.path)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logFile))
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = log
        process.standardError = log
        try process.run()
        try? log.close()

        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let data = FileManager.default.contents(atPath: readyFile),
               let ready = try? JSONDecoder().decode(Ready.self, from: data) {
                port = ready.port
                return
            }
            if !process.isRunning {
                process.waitUntilExit()
                throw TestServiceError.exitedBeforeReady(
                    service: name, status: process.terminationStatus, log: Self.tail(of: logFile))
            }
            if Date() > deadline {
                Self.terminate(process)
                throw TestServiceError.notReady(service: name, seconds: timeout, log: Self.tail(of: logFile))
            }
            usleep(20_000)
        }
    }

    deinit {
        stop()
    }

    /// Where the service `name` writes its standard output and error.
    static func logFile(of name: String, in directory: WorkDirectory) -> String {
        directory.file("\(name).log")
    }

    /// Ends the service and waits for it; safe to call more than once.
    func stop() {
        lock.withLock {
            guard !stopped else { return }
            stopped = true
            Self.terminate(process)
        }
    }

    /// The last lines the service wrote, for error messages.
    var logTail: String {
        Self.tail(of: logFile)
    }

    private static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline {
            usleep(10_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
    }

    private static func tail(of file: String, lines: Int = 20) -> String {
        let text = String(decoding: FileManager.default.contents(atPath: file) ?? Data(), as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
