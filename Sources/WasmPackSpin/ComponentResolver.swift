/// Looks a declared component's paths up on disk: its source, its `files` minus `exclude_files`, its
/// local dependencies; and says what the user should know about it.
struct ComponentResolver {
    let directory: AppDirectory

    private var manifest: String { directory.manifest }

    func resolve(_ component: ComponentDeclaration) throws(SpinManifestError) -> (SpinComponent, warnings: [String]) {
        var warnings: [String] = []
        let source: ComponentSource
        switch component.source {
        case .path(let path):
            source = .local(try localFile(path, key: component.key("source")))
        case .remote(let url, let digest):
            source = .remote(url: url, digest: digest)
            warnings.append("component \(component.id): source \(url) is not packed: fetched by the runtime at start")
        case .registry(let registry, let package, let version):
            source = .registry(registry: registry, package: package, version: version)
            let origin = registry.map { " from \($0)" } ?? ""
            warnings.append("component \(component.id): source \(package)@\(version)\(origin) is not packed: fetched by the runtime at start")
        }

        var selected: [AppFile] = []
        var mounts: [FilesMount] = []
        let exclusions = try exclusionPatterns(component.excludeFiles, key: component.key)
        for (index, entry) in component.files.enumerated() {
            let key = component.key.nested("files[\(index)]")
            let (files, mount) = try resolve(entry, key: key)
            mounts.append(mount)
            switch mount.kind {
            case .file:
                // Spin copies a single named file without consulting exclude_files.
                selected += files
            case .directory:
                selected += excluding(exclusions, from: files)
            case .glob:
                selected += excluding(exclusions, from: files)
                // glob::glob yielding nothing is no error for Spin: the component just gets no files.
                if files.isEmpty {
                    warnings.append("component \(component.id): \(key) pattern '\(mount.written)' matches no file")
                }
            }
        }
        let files = try mounted(selected, key: component.key("files"))

        var dependencies: [AppFile] = []
        for dependency in component.dependencies {
            dependencies.append(try localFile(dependency.path, key: component.key("dependencies.\"\(dependency.name)\".path")))
        }
        let resolved = SpinComponent(id: component.id, source: source, files: files, dependencies: dependencies.sorted(),
                                     mounts: mounts, excludeFiles: component.excludeFiles)
        return (resolved, warnings)
    }

    /// A source or dependency: must be a regular file; a missing one usually means "not built yet".
    private func localFile(_ path: String, key: String) throws(SpinManifestError) -> AppFile {
        switch try directory.entry(at: try directory.relativePath(path, key: key), key: key) {
        case .file(let file): return file
        case .missing: throw .sourceNotFound(manifest: manifest, key: key, path: path)
        case .directory: throw .notAFile(manifest: manifest, key: key, path: path)
        case .special(let kind): throw .specialFile(manifest: manifest, key: key, path: path, kind: kind)
        }
    }

    /// The files one `files` entry selects, each with its mount destination, before exclusions.
    // Spin's loader (`copy_glob_or_path`): a path that exists is a file or a directory, whatever
    // characters it holds; otherwise it must look like a glob, which may match nothing.
    private func resolve(_ entry: FilesEntry, key: ManifestKey) throws(SpinManifestError) -> ([AppFile], FilesMount) {
        switch entry {
        case .pattern(let written):
            let entryKey = "\(key)"
            if written == "." || written.hasSuffix("/.") || written == ".." || written.hasSuffix("/..") {
                throw .invalidFilesPattern(manifest: manifest, key: entryKey, pattern: written,
                                           reason: "a files pattern cannot end in '.' or '..'; use { source, destination } or a pattern ending in '/**/*'")
            }
            let relative = try directory.relativePath(written, key: entryKey)
            switch try directory.entry(at: relative, key: entryKey) {
            case .file(let file):
                return ([file.mounted(at: "/" + file.relativePath)],
                        FilesMount(kind: .file, written: written, source: relative, destination: "/" + relative))
            case .directory:
                let files = try directory.files(under: relative, key: entryKey)
                return (files.map { $0.mounted(at: "/" + $0.relativePath) },
                        FilesMount(kind: .directory, written: written, source: relative, destination: "/" + relative))
            case .special(let kind):
                throw .specialFile(manifest: manifest, key: entryKey, path: written, kind: kind)
            case .missing:
                guard PathPattern.looksLikeGlob(relative) else {
                    throw .filesPathNotFound(manifest: manifest, key: entryKey, path: written)
                }
                let pattern: GlobPattern
                do {
                    pattern = try GlobPattern(relative)
                } catch {
                    throw .invalidFilesPattern(manifest: manifest, key: entryKey, pattern: written, reason: error.reason)
                }
                let files = try directory.files(matching: pattern, key: entryKey)
                return (files.map { $0.mounted(at: "/" + $0.relativePath) },
                        FilesMount(kind: .glob, written: written, source: relative, destination: "/"))
            }
        case .mount(let source, let destination):
            let mountPoint = try Self.destinationPath(destination, key: key("destination"), manifest: manifest)
            let sourceKey = key("source")
            let relative = try directory.relativePath(source, key: sourceKey)
            switch try directory.entry(at: relative, key: sourceKey) {
            case .file(let file):
                // Spin copies a file to the destination as a file name: `/`, `/static/` or `..`
                // fail at load ("\"/\" is not a valid destination file name").
                if mountPoint == "/" || destination.hasSuffix("/") || destination.hasSuffix("/.") || destination.hasSuffix("/..") {
                    throw .fileMountedAtDirectory(manifest: manifest, key: key("destination"), source: source, destination: destination)
                }
                return ([file.mounted(at: mountPoint)],
                        FilesMount(kind: .file, written: source, source: relative, destination: mountPoint))
            case .directory:
                let files = try directory.files(under: relative, key: sourceKey).map { file in
                    let inside = relative.isEmpty ? file.relativePath : String(file.relativePath.dropFirst(relative.count + 1))
                    return file.mounted(at: AppDirectory.join(mountPoint, inside))
                }
                return (files, FilesMount(kind: .directory, written: source, source: relative, destination: mountPoint))
            case .special(let kind):
                throw .specialFile(manifest: manifest, key: sourceKey, path: source, kind: kind)
            case .missing:
                throw .filesPathNotFound(manifest: manifest, key: sourceKey, path: source)
            }
        }
    }

    // Spin compiles each `exclude_files` entry as written (no normalisation) with `glob::Pattern`.
    private func exclusionPatterns(_ patterns: [String], key: ManifestKey) throws(SpinManifestError) -> [PathPattern] {
        var compiled: [PathPattern] = []
        for (index, pattern) in patterns.enumerated() {
            do {
                compiled.append(try PathPattern(pattern))
            } catch {
                throw .invalidFilesPattern(manifest: manifest, key: key("exclude_files[\(index)]"), pattern: pattern, reason: error.reason)
            }
        }
        return compiled
    }

    // Spin matches `exclude_files` against the path relative to the app directory, with
    // `matches_path`: `*` crosses `/`.
    private func excluding(_ patterns: [PathPattern], from files: [AppFile]) -> [AppFile] {
        files.filter { file in !patterns.contains { $0.matches(file.relativePath) } }
    }

    /// One file per destination; the same file selected twice is fine, two files at one place are not.
    private func mounted(_ files: [AppFile], key: String) throws(SpinManifestError) -> [AppFile] {
        var byDestination: [String: AppFile] = [:]
        for file in files {
            let destination = file.destination ?? "/" + file.relativePath
            if let earlier = byDestination[destination] {
                guard earlier.absolutePath == file.absolutePath else {
                    throw .conflictingDestination(manifest: manifest, key: key, destination: destination,
                                                  first: earlier.relativePath, second: file.relativePath)
                }
                continue
            }
            byDestination[destination] = file
        }
        return byDestination.values.sorted()
    }

    /// `/static/../x/` → `/x`; Spin requires an absolute destination.
    private static func destinationPath(_ destination: String, key: String, manifest: String) throws(SpinManifestError) -> String {
        guard destination.hasPrefix("/") else {
            throw .invalidDestination(manifest: manifest, key: key, destination: destination)
        }
        let (segments, escapes) = PathSegments.clean(destination)
        guard !escapes else { throw .invalidDestination(manifest: manifest, key: key, destination: destination) }
        return "/" + segments.joined(separator: "/")
    }
}
