#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

import WasmPackPlatform

/// The app's directory on disk, seen through the rules a packed image needs: every path stays
/// inside it (symlinks included), walks are sorted, and wasmpack's own output is never collected.
struct AppDirectory {
    /// What a relative path names on disk.
    enum Entry {
        case missing
        case file(AppFile)
        case directory(realPath: String)
        /// A FIFO, socket or device (`kind` says which): never packed, never opened.
        case special(kind: String)
    }

    /// Absolute and standardised, symlinks not resolved.
    let root: String
    /// `root` with symlinks resolved: containment is checked against this.
    let realRoot: String
    let manifest: String
    private let excluded: Set<String>

    init(root: String, manifest: String, excludedDirectories: [String]) throws(SpinManifestError) {
        guard let realRoot = Self.realPath(root) else {
            throw .unreadable(path: root, reason: "cannot resolve the directory")
        }
        self.root = root
        self.realRoot = realRoot
        self.manifest = manifest
        var excluded: Set<String> = []
        for directory in excludedDirectories {
            let standardised = Self.standardise(directory)
            excluded.insert(standardised)
            if let real = Self.realPath(standardised) { excluded.insert(real) }
        }
        self.excluded = excluded
    }

    /// Normalises a manifest path to a relative path ("" is the app directory itself): drops `.` and
    /// empty segments, applies `..`, and rejects absolute paths and paths that climb out.
    func relativePath(_ path: String, key: String) throws(SpinManifestError) -> String {
        guard !path.hasPrefix("/") else { throw .absolutePath(manifest: manifest, key: key, path: path) }
        let (segments, escapes) = PathSegments.clean(path)
        guard !escapes else { throw .pathOutsideApp(manifest: manifest, key: key, path: path, root: root) }
        return segments.joined(separator: "/")
    }

    /// What `relativePath` names, following symlinks that stay inside the app directory.
    func entry(at relativePath: String, key: String) throws(SpinManifestError) -> Entry {
        let lexical = Self.join(root, relativePath)
        guard let real = Self.realPath(lexical) else {
            if errno == ENOENT || errno == ENOTDIR { return .missing }
            throw .unreadable(path: lexical, reason: String(cString: strerror(errno)))
        }
        guard real == realRoot || real.hasPrefix(realRoot == "/" ? "/" : realRoot + "/") else {
            throw .symlinkOutsideApp(manifest: manifest, key: key, path: relativePath, target: real, root: root)
        }
        var info = stat()
        guard stat(real, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            // Hand out the symlink's target when one is involved, so readers get the file's bytes.
            let absolute = real == Self.join(realRoot, relativePath) ? lexical : real
            return .file(AppFile(relativePath: relativePath, absolutePath: absolute))
        case S_IFDIR:
            return .directory(realPath: real)
        default:
            return .special(kind: Self.kind(of: info.st_mode))
        }
    }

    /// What a non-regular, non-directory file type is called in errors.
    static func kind(of mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: return "FIFO"
        case S_IFSOCK: return "socket"
        case S_IFCHR: return "character device"
        case S_IFBLK: return "block device"
        default: return "special file"
        }
    }

    /// Every regular file under a directory, recursively, in byte order of relative path.
    func files(under relativePath: String, key: String) throws(SpinManifestError) -> [AppFile] {
        guard case .directory(let real) = try entry(at: relativePath, key: key) else { return [] }
        var found: [String: AppFile] = [:]
        try collect(relativePath, realPath: real, ancestors: [real], key: key, into: &found)
        return found.values.sorted()
    }

    /// The regular files a glob selects, as `glob::glob` walks the tree: a directory the pattern
    /// matches is a result of the walk but Spin's loader copies only files, so it adds nothing.
    func files(matching pattern: GlobPattern, key: String) throws(SpinManifestError) -> [AppFile] {
        var found: [String: AppFile] = [:]
        try visit(pattern.segments[...], directory: "", realPath: realRoot, ancestors: [realRoot], key: key, into: &found)
        return found.values.sorted()
    }

    // Walks only the directories the pattern can reach, so a symlink or an excluded directory
    // elsewhere in the app never affects the result.
    private func visit(
        _ segments: ArraySlice<GlobPattern.Segment>, directory: String, realPath: String,
        ancestors: Set<String>, key: String, into found: inout [String: AppFile]
    ) throws(SpinManifestError) {
        guard !isExcluded(directory, realPath: realPath), let first = segments.first else { return }
        let rest = segments.dropFirst()
        if first == .anyDirectories {
            try visit(rest, directory: directory, realPath: realPath, ancestors: ancestors, key: key, into: &found)
            for name in try children(of: directory) {
                let child = Self.join(directory, name)
                if case .directory(let childReal) = try entry(at: child, key: key), !ancestors.contains(childReal) {
                    try visit(segments, directory: child, realPath: childReal,
                              ancestors: ancestors.union([childReal]), key: key, into: &found)
                }
            }
            return
        }
        let names: [String]
        if let literal = GlobPattern.literalName(of: first) {
            names = [literal]
        } else {
            names = try children(of: directory).filter { GlobPattern.segment(first, matches: $0) }
        }
        for name in names {
            let child = Self.join(directory, name)
            switch try entry(at: child, key: key) {
            case .file(let file):
                if rest.isEmpty { found[file.relativePath] = file }
            case .directory(let childReal):
                guard !rest.isEmpty, !ancestors.contains(childReal) else { continue }
                try visit(rest, directory: child, realPath: childReal,
                          ancestors: ancestors.union([childReal]), key: key, into: &found)
            case .special(let kind):
                // Selected by the pattern, so the user asked for it: say so rather than skip it.
                // Where the pattern goes on below it, it is just not a directory to walk.
                if rest.isEmpty {
                    throw .specialFile(manifest: manifest, key: key, path: child, kind: kind)
                }
            case .missing:
                continue
            }
        }
    }

    private func collect(
        _ directory: String, realPath: String, ancestors: Set<String>, key: String,
        into found: inout [String: AppFile]
    ) throws(SpinManifestError) {
        guard !isExcluded(directory, realPath: realPath) else { return }
        for name in try children(of: directory) {
            let child = Self.join(directory, name)
            switch try entry(at: child, key: key) {
            case .file(let file):
                found[file.relativePath] = file
            case .directory(let childReal):
                // A symlink back to an ancestor would loop forever.
                guard !ancestors.contains(childReal) else { continue }
                try collect(child, realPath: childReal, ancestors: ancestors.union([childReal]), key: key, into: &found)
            case .special(let kind):
                // Packing it would mean opening it (a FIFO blocks); skipping it would drop a
                // file the entry selects without a word.
                throw .specialFile(manifest: manifest, key: key, path: child, kind: kind)
            case .missing:
                // A dangling symlink: nothing to pack.
                continue
            }
        }
    }

    /// Directory entries in byte order: readdir order differs between file systems.
    private func children(of relativePath: String) throws(SpinManifestError) -> [String] {
        let path = Self.join(root, relativePath)
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path)
                .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        } catch {
            throw .unreadable(path: path, reason: "cannot list the directory")
        }
    }

    private func isExcluded(_ relativePath: String, realPath: String) -> Bool {
        excluded.contains(realPath) || excluded.contains(Self.join(root, relativePath))
    }

    static func join(_ base: String, _ relativePath: String) -> String {
        if relativePath.isEmpty { return base }
        if base.isEmpty { return relativePath }
        return base.hasSuffix("/") ? base + relativePath : base + "/" + relativePath
    }

    /// An absolute path cleaned lexically (`/a/./b/../c` → `/a/c`). Not Foundation's
    /// `standardizedFileURL`: on Linux it resolves symlinks while applying `..`.
    static func standardise(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : join(FileManager.default.currentDirectoryPath, path)
        return "/" + PathSegments.clean(absolute).segments.joined(separator: "/")
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
