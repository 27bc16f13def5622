import Foundation

/// A fresh folder under the system temporary directory for one service's files.
struct WorkDirectory: Sendable {
    let path: String

    init(label: String) throws {
        path = FileManager.default.temporaryDirectory
            .appendingPathComponent("wasmpack-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `contents` to `name` (readable by the owner only: some files hold passwords or keys).
    @discardableResult
    func write(_ name: String, _ contents: Data) throws -> String {
        let file = file(name)
        guard FileManager.default.createFile(atPath: file, contents: contents, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: file])
        }
        return file
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
