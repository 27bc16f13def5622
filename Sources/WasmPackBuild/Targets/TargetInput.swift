#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackArchive

/// Collects the files of the non-Spin layouts (slight, worker tree, entrypoint module) from the
/// input path. Spin apps go through `SpinManifestReader`; these runtimes have no manifest that
/// lists files, so their layouts fix which files they read.
struct TargetInput {
    let target: RuntimeTarget
    /// The build's output folder and the default one: never packed into the image.
    let excludedDirectories: [String]

    /// Lunatic, wws: the module the Entrypoint names is marked executable, as their Dockerfiles do
    /// (`COPY --chmod=0755`); runwasi refuses to start an entrypoint without the execute bit.
    static let executable: UInt16 = 0o755

    func content(path: String, module: String?, entrypoint: String?) throws(BuildError) -> ImageContent {
        switch target.layout {
        case .spinApp:
            preconditionFailure("Spin apps are read by SpinManifestReader")
        case .slight:
            return try slight(path: path, module: module)
        case .workerTree:
            return try workerTree(path: path)
        case .entrypointModule:
            return try entrypointModule(path: path, module: module, entrypoint: entrypoint)
        }
    }

    /// `/app.wasm` + `/slightfile.toml` (runtimes.md §1.2). `path` is the folder or the slightfile.
    private func slight(path: String, module: String?) throws(BuildError) -> ImageContent {
        let folder = Self.isDirectory(path) ? path : PathName.deletingLastComponent(path)
        let slightfile = Self.isDirectory(path) ? folder + "/slightfile.toml" : path
        guard Self.isRegularFile(slightfile) else { throw .slightfileMissing(folder: folder) }
        let modulePath: String
        if let module { modulePath = module } else { modulePath = try onlyModule(in: folder) }
        try Self.checkWasm(modulePath, fromOption: module != nil)
        return ImageContent(entries: [
            LayerEntry(path: "app.wasm", sourceFile: modulePath),
            LayerEntry(path: "slightfile.toml", sourceFile: slightfile),
        ])
    }

    /// The whole folder at `/`: workers, their `.toml` configs, `public/`, `.wws/` and `/.wws.toml`
    /// (runtimes.md §1.3). Only version-control folders and wasmpack's own output are left out.
    private func workerTree(path: String) throws(BuildError) -> ImageContent {
        guard Self.isDirectory(path) else { throw .workerTreeNeedsFolder(path: path) }
        var entries: [LayerEntry] = []
        try collect(folder: path, relative: "", into: &entries)
        let extensions = WWSRuntimeExtensions.of(folder: path).union(["wasm", "js"])
        let workers = entries.filter { entry in
            let parts = entry.path.split(separator: "/")
            let name = parts.last.map(String.init) ?? ""
            return extensions.contains(PathName.pathExtension(name))
                && !parts.contains("public") && !parts.contains(".wws") && !parts.contains { $0.hasPrefix("_") }
        }
        guard !workers.isEmpty else { throw .noWorkers(folder: path) }
        return ImageContent(entries: entries)
    }

    private func collect(folder: String, relative: String, into entries: inout [LayerEntry]) throws(BuildError) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted() } catch {
            throw .cannotReadInput(path: folder, errno: EACCES)
        }
        for name in names where name != ".git" {
            let absolute = folder + "/" + name
            let inImage = relative.isEmpty ? name : relative + "/" + name
            if excludedDirectories.contains(absolute) { continue }
            var info = stat()
            guard lstat(absolute, &info) == 0 else { throw .cannotReadInput(path: absolute, errno: errno) }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: try collect(folder: absolute, relative: inImage, into: &entries)
            case S_IFREG: entries.append(LayerEntry(path: inImage, sourceFile: absolute))
            case S_IFLNK:
                // A link to a file packs the file; a link to a folder could loop, so it is refused.
                guard stat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                    throw .notARegularFile(path: absolute, kind: "symbolic link to a non-file")
                }
                entries.append(LayerEntry(path: inImage, sourceFile: absolute))
            default:
                throw .notARegularFile(path: absolute, kind: WasmModuleCheck.kind(of: info.st_mode))
            }
        }
    }

    /// The module at `/<name>` (or where `--entrypoint` says), mode 0755, and the Entrypoint
    /// naming it (runtimes.md §1.4). runwasi reads `args[0]` as `path#function`.
    private func entrypointModule(path: String, module: String?, entrypoint: String?) throws(BuildError) -> ImageContent {
        let modulePath: String
        if let module {
            modulePath = module
        } else if Self.isDirectory(path) {
            modulePath = try onlyModule(in: path)
        } else {
            modulePath = path
        }
        try Self.checkWasm(modulePath, fromOption: module != nil)
        let command = entrypoint ?? "/" + WasmToOCIFormat.fileName(of: modulePath)
        let filePart = String(command.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0])
        var inImage = Substring(filePart)
        while true {
            if inImage.hasPrefix("/") { inImage = inImage.dropFirst() } else if inImage.hasPrefix("./") { inImage = inImage.dropFirst(2) } else { break }
        }
        guard !inImage.isEmpty, filePart.hasPrefix("/") || filePart.hasPrefix("./") else {
            throw .invalidEntrypoint(entrypoint ?? command)
        }
        return ImageContent(
            entries: [LayerEntry(path: String(inImage), sourceFile: modulePath, permissions: Self.executable)],
            entrypoint: [command])
    }

    /// The one `.wasm` file directly in `folder`.
    private func onlyModule(in folder: String) throws(BuildError) -> String {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".wasm") }.sorted()
        guard names.count == 1 else { throw .moduleChoiceNeeded(folder: folder, target: target.name, found: names) }
        return folder + "/" + names[0]
    }

    /// `fromOption`: the path came from `--module`, so a missing file is named as that option's
    /// (the generic message would ask for an app directory instead).
    static func checkWasm(_ path: String, fromOption: Bool = false) throws(BuildError) {
        switch WasmModuleCheck.check(path) {
        case .wasm: return
        case .notWasm: throw .notAWasmModule(path: path)
        case .notARegularFile(let kind): throw .notARegularFile(path: path, kind: kind)
        case .unreadable(let code):
            guard code == ENOENT else { throw .cannotReadInput(path: path, errno: code) }
            throw fromOption ? .moduleOptionNotFound(path: path) : .inputNotFound(path: path)
        }
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}
