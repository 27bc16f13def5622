import Foundation
import Testing
import WasmPackTestSupport

/// Helpers shared by the build tests: folders, fixtures, external tools.
enum Support {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let testdata = packageRoot.appendingPathComponent("testdata").path

    /// Copies a testdata app to a fresh folder, as a second checkout would have it.
    static func copyOfTestdata(_ name: String) throws -> String {
        let destination = try TestScratch.folder(name) + "/" + name
        try FileManager.default.copyItem(atPath: testdata + "/" + name, toPath: destination)
        return destination
    }

    /// Every regular file below `directory`, by relative path.
    static func files(in directory: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else { return result }
        while let name = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory)
            if !isDirectory.boolValue {
                result[name] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + name))
            }
        }
        return result
    }

    struct ProcessResult {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil, in directory: String? = nil) throws -> ProcessResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return ProcessResult(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    /// The full path of a peer tool, or nil. When WASMPACK_REQUIRE_PEERS=1 (the test script sets it)
    /// a missing peer fails the test instead of skipping it.
    static func tool(_ name: String) -> String? {
        for directory in ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/bin"] {
            let path = directory + "/" + name
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    static var peersRequired: Bool { ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1" }

    /// True when every tool exists or peers are required (so the test runs and fails loudly).
    static func peersAvailable(_ names: String...) -> Bool {
        peersRequired || names.allSatisfy { tool($0) != nil }
    }
}
