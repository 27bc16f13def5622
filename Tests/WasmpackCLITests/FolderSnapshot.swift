import Foundation

/// Everything under a folder, hidden entries included: file bytes, link targets, directories.
/// Two equal snapshots mean nothing was added, removed or changed.
struct FolderSnapshot: Equatable, CustomStringConvertible {
    var entries: [String: String]

    init(_ root: String) {
        entries = [:]
        let manager = FileManager.default
        guard let names = manager.subpaths(atPath: root) else { return }
        for name in names {
            let path = root + "/" + name
            if let target = try? manager.destinationOfSymbolicLink(atPath: path) {
                entries[name] = "link -> " + target
                continue
            }
            var isDirectory: ObjCBool = false
            _ = manager.fileExists(atPath: path, isDirectory: &isDirectory)
            if isDirectory.boolValue {
                entries[name] = "directory"
            } else {
                let data = manager.contents(atPath: path) ?? Data()
                // Bytes in full for small files, size and a cheap checksum for big ones.
                entries[name] = data.count <= 4096 ? data.base64EncodedString() : "\(data.count) bytes, sum \(data.reduce(0) { ($0 &* 31) &+ Int($1) })"
            }
        }
    }

    var description: String { entries.keys.sorted().joined(separator: "\n") }

    /// Names that differ between two snapshots, for a readable failure.
    func difference(from other: FolderSnapshot) -> [String] {
        Set(entries.keys).union(other.entries.keys).filter { entries[$0] != other.entries[$0] }.sorted()
    }
}
