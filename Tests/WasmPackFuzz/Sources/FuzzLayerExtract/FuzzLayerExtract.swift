import Foundation
import FuzzSupport
import FuzzLayerInput
import WasmPackArchive

// Layers come from registries: their entries are untrusted paths, links and types.
// Input: one flag byte (bit 0: extract into an existing directory that already holds a file, a
// folder and a symlink, the merge path; otherwise into a missing one), then either a gzip blob
// (starts 1f 8b, used as it is) or bytes that TarAssembler turns into a well-formed layer.
// Properties, after every input, success or not: nothing appears outside the extraction
// directory (a canary folder beside it stays empty, no staging folder is left); a failure
// leaves the directory exactly as it was (or still missing); a success reports only regular
// files inside it and leaves no symlink that resolves outside it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = FuzzCheck.bytes(data, size)
    guard let flags = bytes.first else { return 0 }
    let body = bytes.dropFirst()
    var assembler = TarAssembler(body)
    let layer = body.starts(with: [0x1f, 0x8b]) ? Array(body) : assembler.layer()
    let box = Sandbox.shared
    FuzzCheck.require(FileManager.default.createFile(atPath: box.layer, contents: Data(layer)), "cannot write \(box.layer)")
    if flags & 1 == 1 { box.populateOutput() }
    let before = Tree(box.output)

    let outcome: Result<[String], ExtractionError>
    do { outcome = .success(try LayerExtractor().extract(layer: box.layer, into: box.output)) } catch { outcome = .failure(error) }

    let expected = before != nil || (try? outcome.get()) != nil ? ["out"] : []
    FuzzCheck.require(box.entries(of: box.root) == expected, "left beside the output: \(box.entries(of: box.root))")
    FuzzCheck.require(box.entries(of: box.outside).isEmpty, "wrote outside the output: \(box.entries(of: box.outside))")
    switch outcome {
    case .failure(let error):
        _ = error.description
        FuzzCheck.require(Tree(box.output) == before, "failed (\(error)) but changed the output")
    case .success(let files):
        let resolvedOutput = box.resolved(box.output) ?? box.output
        // Names that are not UTF-8 are reported with U+FFFD (the list is for people), so only
        // the others can be looked up.
        for file in files where !file.unicodeScalars.contains("\u{FFFD}") {
            var info = stat()
            FuzzCheck.require(lstat(box.output + "/" + file, &info) == 0 && info.st_mode & S_IFMT == S_IFREG, "reported '\(file)', not a regular file")
        }
        for link in Tree(box.output)?.symlinks ?? [] {
            guard let target = box.resolved(box.output + "/" + link) else { continue }
            FuzzCheck.require(target == resolvedOutput || target.hasPrefix(resolvedOutput + "/"), "symlink '\(link)' resolves to \(target)")
        }
    }
    box.clear()
    return 0
}

/// The folders one fuzzing process works in: `base/layer.tgz`, `base/r/out` (the extraction
/// directory) and `base/outside` (the canary). Made once per process, emptied after each input.
final class Sandbox: Sendable {
    static let shared = Sandbox()
    let base: String
    var layer: String { base + "/layer.tgz" }
    var root: String { base + "/r" }
    var output: String { root + "/out" }
    var outside: String { base + "/outside" }

    private init() {
        var template = Array((NSTemporaryDirectory() + "/wasmpack-fuzz-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        FuzzCheck.require(made != nil, "mkdtemp failed")
        base = String(cString: made!)
        FuzzCheck.require(mkdir(base + "/r", 0o755) == 0 && mkdir(base + "/outside", 0o755) == 0, "cannot set up \(base)")
        // One sandbox per process; removed at exit so repeated runs leave nothing in TMPDIR.
        atexit { try? FileManager.default.removeItem(atPath: Sandbox.shared.base) }
    }

    func populateOutput() {
        let manager = FileManager.default
        try? manager.createDirectory(atPath: output + "/b", withIntermediateDirectories: true)
        _ = manager.createFile(atPath: output + "/a", contents: Data("old".utf8))
        _ = manager.createFile(atPath: output + "/b/c", contents: Data("old c".utf8))
        try? manager.createSymbolicLink(atPath: output + "/l", withDestinationPath: "a")
    }

    func entries(of directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    func clear() {
        // Extracted folders may have lost their write or search permission (modes come from the layer).
        _ = chmodTree(root)
        for name in entries(of: root) { try? FileManager.default.removeItem(atPath: root + "/" + name) }
        for name in entries(of: outside) { try? FileManager.default.removeItem(atPath: outside + "/" + name) }
    }

    private func chmodTree(_ path: String) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return false }
        chmod(path, 0o755)
        for name in entries(of: path) { _ = chmodTree(path + "/" + name) }
        return true
    }
}

/// Everything under a directory, without following symlinks: enough to tell any change.
struct Tree: Equatable {
    enum Node: Equatable {
        case file(contents: [UInt8], mode: mode_t)
        case directory(mode: mode_t)
        case symlink(target: String)
        case other(mode: mode_t)
    }
    var nodes: [String: Node] = [:]
    var symlinks: [String] { nodes.compactMap { if case .symlink = $0.value { return $0.key } else { return nil } }.sorted() }

    init?(_ root: String) {
        var info = stat()
        guard lstat(root, &info) == 0 else { return nil }
        walk(root, relative: "")
    }

    private mutating func walk(_ directory: String, relative: String) {
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []) {
            let path = directory + "/" + name
            let key = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                nodes[key] = .file(contents: Self.contents(of: path), mode: info.st_mode & 0o7777)
            case S_IFDIR:
                nodes[key] = .directory(mode: info.st_mode & 0o7777)
                walk(path, relative: key)
            case S_IFLNK:
                nodes[key] = .symlink(target: (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "")
            default:
                nodes[key] = .other(mode: info.st_mode)
            }
        }
    }

    /// Not FileManager.contents(atPath:): swift-corelibs Foundation leaks its 4 KiB read buffer for
    /// an empty file, which LeakSanitizer reports as a crash of every input that makes one.
    private static func contents(of path: String) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK)
        guard descriptor >= 0 else { return [] }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { return contents }
            contents += buffer[..<count]
        }
    }
}
