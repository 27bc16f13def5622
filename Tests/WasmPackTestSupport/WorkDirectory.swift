import Foundation

/// A fresh folder for one service's files.
struct WorkDirectory: Sendable {
    let path: String

    init(label: String) throws {
        // In the test process's scratch folder: services shared by a whole run are never stopped,
        // and their folders go when the process does.
        path = TestScratch.path(label)
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
