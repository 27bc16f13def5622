import Foundation

/// Runs the real peers (`gzip`, `pigz`, `bsdtar`) so the layers are checked by the tools that will read them.
enum ExternalTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let bsdtar = "/usr/bin/bsdtar"
    static let gzip = "/bin/gzip"
    static let pigz = "/usr/bin/pigz"

    /// Whether tests that need `executable` should run: when it is installed, and always under
    /// `WASMPACK_REQUIRE_PEERS=1` (scripts/test.sh), where a missing peer must fail, not skip.
    static func isAvailable(_ executable: String) -> Bool {
        ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1"
            || FileManager.default.isExecutableFile(atPath: executable)
    }

    /// Runs `executable` and returns its standard output; throws if it exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], in directory: String? = nil) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        // bsdtar prints times in local time and names in the locale's charset.
        process.environment = ["TZ": "UTC", "LC_ALL": "C.UTF-8", "PATH": "/usr/bin:/bin"]
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read stderr on another thread so neither pipe can fill up and stall the child.
        let errorText = ErrorCollector(errors.fileHandleForReading)
        let bytes = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(executable) \(arguments) exited \(process.terminationStatus): \(errorText.text())")
        }
        return Array(bytes)
    }

    private final class ErrorCollector: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)

        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                let read = handle.readDataToEndOfFile()
                lock.withLock { data = read }
                done.signal()
            }
        }

        func text() -> String {
            done.wait()
            return lock.withLock { String(decoding: data, as: UTF8.self) }
        }
    }
}
