import Foundation

/// A throwaway app directory for one test; removed when the test lets go of it.
final class TemporaryApp {
    let root: String

    var manifest: String { root + "/spin.toml" }

    /// `files` maps relative paths to contents; `manifest`, if given, is written to spin.toml.
    init(manifest: String? = nil, files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.standardizedFileURL.path
            + "/wasmpack-spin-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        if let manifest { try write("spin.toml", manifest) }
        for (path, contents) in files { try write(path, contents) }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func write(_ relativePath: String, _ contents: String = "data") throws {
        let path = root + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: path))
    }

    func symlink(_ relativePath: String, to destination: String) throws {
        let path = root + "/" + relativePath
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: destination)
    }

    func path(_ relativePath: String) -> String { root + "/" + relativePath }
}
