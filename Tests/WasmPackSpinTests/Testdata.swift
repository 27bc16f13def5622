import Foundation

/// The package's committed fixtures.
enum Testdata {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // WasmPackSpinTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("testdata")
        .standardizedFileURL.path

    static func path(_ name: String) -> String { root + "/" + name }
}
