import Foundation

/// Runs a program to completion (`openssl`, `htpasswd`, and in tests `curl`), with a small fixed
/// environment so that proxies or `REGISTRY_*` variables of the developer's shell change nothing.
public enum ExternalCommand {
    public struct Result: Sendable {
        public var status: Int32
        public var output: Data
        public var errorOutput: String

        public var text: String { String(decoding: output, as: UTF8.self) }
    }

    static let environment = ["PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"]

    /// Runs `executable` with `arguments`, feeding it `input` on standard input.
    public static func run(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> Result {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw TestServiceError.missingTool(path: executable)
        }
        let scratch = try WorkDirectory(label: "command")
        defer { scratch.remove() }
        let outputPath = try scratch.write("stdout", Data())
        let errorPath = try scratch.write("stderr", Data())
        let inputPath = try scratch.write("stdin", input ?? Data())

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        // Files rather than pipes: neither side can fill up and stall the other.
        let inputHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: inputPath))
        let outputHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        process.standardInput = inputHandle
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        process.waitUntilExit()
        try? inputHandle.close()
        try? outputHandle.close()
        try? errorHandle.close()
        return Result(
            status: process.terminationStatus,
            output: try Data(contentsOf: URL(fileURLWithPath: outputPath)),
            errorOutput: String(decoding: try Data(contentsOf: URL(fileURLWithPath: errorPath)), as: UTF8.self))
    }

    /// Runs a helper that must succeed and returns its standard output.
    @discardableResult
    static func check(_ executable: String, _ arguments: [String], input: Data? = nil) throws -> Data {
        let result = try run(executable, arguments, input: input)
        guard result.status == 0 else {
            let name = (executable as NSString).lastPathComponent
            throw TestServiceError.commandFailed(
                command: ([name] + arguments.prefix(2)).joined(separator: " "), status: result.status,
                errorOutput: result.errorOutput)
        }
        return result.output
    }
}
