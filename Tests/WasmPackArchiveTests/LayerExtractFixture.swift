import Foundation
import Testing
import WasmPackOCI
import WasmPackTestSupport

extension ExternalTool {
    static let python3 = "/usr/bin/python3"
}

/// One member of a test layer. Python's `tarfile` writes them, because it writes any name, type
/// and link target a hostile layer could hold, where bsdtar and our own writer refuse to.
enum LayerExtractMember: Sendable {
    case file(String, [UInt8], mode: Int = 0o644)
    case directory(String, mode: Int = 0o755)
    case symlink(String, target: String)
    case hardLink(String, target: String)
    case characterDevice(String)
    case fifo(String)

    static func file(_ name: String, _ text: String, mode: Int = 0o644) -> Self {
        .file(name, Array(text.utf8), mode: mode)
    }

    fileprivate var specification: [String: String] {
        switch self {
        case .file(let name, let bytes, let mode):
            return ["kind": "file", "name": name, "hex": bytes.map { String(format: "%02x", $0) }.joined(), "mode": String(mode)]
        case .directory(let name, let mode):
            return ["kind": "dir", "name": name, "mode": String(mode)]
        case .symlink(let name, let target):
            return ["kind": "symlink", "name": name, "target": target]
        case .hardLink(let name, let target):
            return ["kind": "hardlink", "name": name, "target": target]
        case .characterDevice(let name):
            return ["kind": "chardev", "name": name]
        case .fifo(let name):
            return ["kind": "fifo", "name": name]
        }
    }
}

enum LayerExtractFixture {
    /// Reads the member list from a JSON file; gzip when the output name ends in `.gz`.
    private static let script = """
        import io, json, sys, tarfile
        out, members = sys.argv[1], json.load(open(sys.argv[2]))
        types = {"dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE,
                 "chardev": tarfile.CHRTYPE, "fifo": tarfile.FIFOTYPE, "file": tarfile.REGTYPE}
        with tarfile.open(out, "w:gz" if out.endswith(".gz") else "w", format=tarfile.PAX_FORMAT) as tar:
            for m in members:
                info = tarfile.TarInfo(m["name"])
                info.type = types[m["kind"]]
                info.mode = int(m.get("mode", "0o777" if m["kind"] == "symlink" else "420"), 0)
                info.mtime = 1700000000
                info.linkname = m.get("target", "")
                if m["kind"] == "chardev":
                    info.devmajor, info.devminor = 1, 3
                data = bytes.fromhex(m.get("hex", ""))
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data) if data else None)
        """

    /// Writes `members`, in order, as a tar (or tar+gzip for a `.gz` name) at `path`.
    static func writeLayer(_ members: [LayerExtractMember], to path: String) throws {
        // A file, not an argument: a member of a few hundred KiB is past the kernel's argument limit.
        let specification = TestScratch.path("layer-extract") + ".json"
        defer { try? FileManager.default.removeItem(atPath: specification) }
        try JSONSerialization.data(withJSONObject: members.map(\.specification)).write(to: URL(fileURLWithPath: specification))
        try ExternalTool.run(ExternalTool.python3, ["-c", script, path, specification])
    }

    /// Everything below `path` without following symlinks, by relative path: "dir", "file:" and
    /// the contents' digest, or "link:" and the target. What a test compares before and after.
    static func snapshot(_ path: String) throws -> [String: String] {
        var result: [String: String] = [:]
        func walk(_ relative: String) throws {
            let absolute = relative.isEmpty ? path : path + "/" + relative
            for name in try FileManager.default.contentsOfDirectory(atPath: absolute) {
                let child = relative.isEmpty ? name : relative + "/" + name
                let full = path + "/" + child
                let type = try FileManager.default.attributesOfItem(atPath: full)[.type] as? FileAttributeType
                switch type {
                case .typeDirectory?:
                    result[child] = "dir"
                    try walk(child)
                case .typeSymbolicLink?:
                    result[child] = "link:" + (try FileManager.default.destinationOfSymbolicLink(atPath: full))
                default:
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: full))
                    result[child] = "file:" + SHA256Hasher.digest(of: bytes).description
                }
            }
        }
        try walk("")
        return result
    }

    /// The permission bits of `path` itself.
    static func permissions(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }
}
