import Foundation
import Testing
import WasmPackWasm
import WasmPackTestSupport

/// The committed fixtures under testdata/wasm and the tools that made them.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("testdata/wasm").path

    /// Binaries made by `wat2wasm` from the `.wat` beside them.
    static let modules = ["spin0-outbound-http", "wagi-preview1", "import-kinds"]
    /// Binaries made by `wasm-tools parse` from the `.component.wat` beside them.
    static let components = ["http-handler", "spin-key-value", "nested"]
    /// Every committed binary, by file name.
    static let binaries = modules.map { "\($0).wasm" } + components.map { "\($0).component.wasm" }

    static func bytes(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)))
    }

    static func read(_ name: String) throws -> WasmBinary {
        try WasmBinary(parsing: bytes(name))
    }

    static func module(_ name: String) throws -> WasmModule {
        guard case .module(let module) = try read(name) else { throw FixtureError.wrongKind(name) }
        return module
    }

    static func component(_ name: String) throws -> WasmComponent {
        guard case .component(let component) = try read(name) else { throw FixtureError.wrongKind(name) }
        return component
    }

    enum FixtureError: Error { case wrongKind(String), toolFailed(String) }

    // MARK: - Tools

    static var peersRequired: Bool { ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1" }

    /// A tool on PATH (pip puts wasm-tools in its own bin folder), or nil.
    static func tool(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let folders = path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin"]
        return folders.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// True when the tools exist, or when peers are required (the test then runs and fails loudly).
    static func toolsAvailable(_ names: String...) -> Bool {
        peersRequired || names.allSatisfy { tool($0) != nil }
    }

    /// Runs a tool and returns its stdout; throws with its stderr when it fails.
    static func run(_ name: String, _ arguments: [String]) throws -> Data {
        guard let executable = tool(name) else { throw FixtureError.toolFailed("\(name) is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw FixtureError.toolFailed("\(name) \(arguments.joined(separator: " ")): \(String(decoding: errors, as: UTF8.self))")
        }
        return output
    }

    static func temporaryFile(_ name: String) -> String {
        TestScratch.path("wasm") + "-" + name
    }
}
