import Foundation
import WasmPackTestSupport

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TestDirectory {
    let path: String

    init() throws {
        path = try TestScratch.folder("archive")
    }

    /// Writes `contents` to `name` (intermediate directories created) and returns its absolute path.
    @discardableResult
    func write(_ name: String, _ contents: [UInt8]) throws -> String {
        let file = path + "/" + name
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents).write(to: URL(fileURLWithPath: file))
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    func contents(of name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path + "/" + name)))
    }

    func exists(_ name: String) -> Bool {
        FileManager.default.fileExists(atPath: path + "/" + name)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
