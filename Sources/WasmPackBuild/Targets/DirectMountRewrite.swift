import WasmPackArchive
import WasmPackSpin

/// Packs the files of components the Spin shim cannot mount directly (globs, single files,
/// `exclude_files`; see `DirectMountProblem`) the way `spin registry push` copies them: every file
/// Spin's loader would give such a component goes under one folder of the image,
/// `/.wasmpack/files/<component-id>/<destination>`, and the packed /spin.toml mounts that folder
/// at `/` in place of the component's `files` and `exclude_files`. The component then sees exactly
/// the files Spin would give it, through the one kind of mount every Spin shim takes.
///
/// Components whose mounts already are plain directories stay as written. A component that mixes
/// directory mounts with globs is moved whole, so it still has a single mount.
struct DirectMountRewrite {
    /// The image folder that holds the moved files, one subfolder per component id.
    static let filesRoot = ".wasmpack/files"

    let app: SpinApp
    /// The components to move, in manifest order.
    let rewritten: [SpinComponent]

    init(app: SpinApp) {
        self.app = app
        rewritten = app.components.filter { !DirectMountProblem.problems(of: $0).isEmpty }
    }

    var isNeeded: Bool { !rewritten.isEmpty }

    /// The folder, relative to `/`, that replaces the component's mounts.
    static func folder(of componentID: String) -> String { filesRoot + "/" + componentID }

    /// One line per moved component, for the CLI's stderr.
    var notes: [String] {
        rewritten.map { component in
            guard Self.getsFolder(component) else {
                return "component '\(component.id)': dropped exclude_files from the image's spin.toml, because the Spin shim refuses it and the component mounts no files it could exclude; the source spin.toml is unchanged"
            }
            let why = DirectMountProblem.problems(of: component).map(\.what).joined(separator: ", ")
            let count = component.files.count
            return "component '\(component.id)': packed its \(count) file\(count == 1 ? "" : "s") under /\(Self.folder(of: component.id)) and mounted that folder at / in the image's spin.toml, because the Spin shim mounts only directories (\(why)); the source spin.toml is unchanged"
        }
    }

    /// Whether the moved component gets its folder mount: only when it has `files` entries. The
    /// JS/TS templates set `exclude_files` with no `files` at all; those just lose the key, as
    /// Spin gives them no files either way.
    static func getsFolder(_ component: SpinComponent) -> Bool { !component.mounts.isEmpty }

    /// The image's files besides /spin.toml: the app's files at their manifest-relative paths,
    /// without those only moved components used, then each moved component's files under its folder.
    func entries() throws(BuildError) -> [LayerEntry] {
        let movedIDs = Set(rewritten.map(\.id))
        var stillUsed = Set<String>()
        var moved = Set<String>()
        for component in app.components {
            // Sources and dependencies stay where the manifest names them, even when a moved
            // component's `files` selected them too (`files = ["**/*"]`).
            if case .local(let source) = component.source { stillUsed.insert(source.relativePath) }
            stillUsed.formUnion(component.dependencies.map(\.relativePath))
            if movedIDs.contains(component.id) {
                moved.formUnion(component.files.map(\.relativePath))
            } else {
                stillUsed.formUnion(component.files.map(\.relativePath))
            }
        }
        var entries = app.files
            .filter { !moved.contains($0.relativePath) || stillUsed.contains($0.relativePath) }
            .map { LayerEntry(path: $0.relativePath, sourceFile: $0.absolutePath) }
        for component in rewritten {
            for file in component.files {
                guard let destination = file.destination else { continue }
                entries.append(LayerEntry(
                    path: try Self.path(Self.folder(of: component.id), destination, component: component.id),
                    sourceFile: file.absolutePath))
            }
        }
        return entries
    }

    /// The directories the image must hold even when empty: those the remaining mounts name, each
    /// moved component's folder (its only mount now) and the folders its directory mounts land in.
    func directories() throws(BuildError) -> [String] {
        let movedIDs = Set(rewritten.map(\.id))
        func directoryMounts(_ component: SpinComponent) -> [FilesMount] { component.mounts.filter { $0.kind == .directory } }
        let kept = Set(app.components.filter { !movedIDs.contains($0.id) }.flatMap { directoryMounts($0).map(\.source) })
        let dropped = Set(rewritten.flatMap { directoryMounts($0).map(\.source) }).subtracting(kept)
        var directories = app.directories.filter { !dropped.contains($0) }
        for component in rewritten where Self.getsFolder(component) {
            let folder = Self.folder(of: component.id)
            directories.append(folder)
            for mount in directoryMounts(component) {
                directories.append(try Self.path(folder, mount.destination, component: component.id))
            }
        }
        return Array(Set(directories)).sorted()
    }

    /// `folder` joined with the absolute in-component path `destination` (`/` is the folder itself).
    static func path(_ folder: String, _ destination: String, component: String) throws(BuildError) -> String {
        let segments = destination.split(separator: "/").filter { $0 != "." }
        // Spin's loader refuses destinations that climb out of the component's root; so does wasmpack.
        guard !segments.contains("..") else { throw .destinationOutsideComponent(component: component, destination: destination) }
        return ([folder] + segments.map(String.init)).joined(separator: "/")
    }

    /// The manifest with each moved component's `files` replaced by the one folder mount and its
    /// `exclude_files` removed; every other key and its order stay as the source wrote them.
    func rewrite(_ document: TOMLTable) -> TOMLTable {
        let moved = Dictionary(uniqueKeysWithValues: rewritten.map { ($0.id, Self.getsFolder($0)) })
        var output = document
        if let components = document["component"]?.array {
            // v1: [[component]] entries carry their id.
            output.set("component", .array(components.map { element in
                guard let table = element.table, let id = table["id"]?.string, let folder = moved[id] else { return element }
                return .table(Self.rewriteComponent(table, id: id, folder: folder))
            }))
        } else if var components = document["component"]?.table {
            // v2: [component.<id>] tables.
            for id in components.keys {
                if let folder = moved[id], let table = components[id]?.table {
                    components.set(id, .table(Self.rewriteComponent(table, id: id, folder: folder)))
                }
            }
            output.set("component", .table(components))
        }
        if case .v2 = app.manifestVersion, let triggers = document["trigger"]?.table {
            output.set("trigger", .table(rewriteInline(triggers, declared: document["component"]?.table?.keys ?? [], moved: moved)))
        }
        return output
    }

    /// v2 inline components (`component = { … }` in a trigger), named as Spin names them:
    /// `<trigger id>-component` when free and the trigger has one, else the first free
    /// `inline-component<N>` (the same rule `ManifestV2` reads them with).
    private func rewriteInline(_ triggers: TOMLTable, declared: [String], moved: [String: Bool]) -> TOMLTable {
        var taken = Set(declared)
        var counter = 1
        func name(triggerID: String?, specCount: Int) -> String {
            if let triggerID, specCount == 1, !taken.contains("\(triggerID)-component") {
                taken.insert("\(triggerID)-component")
                return "\(triggerID)-component"
            }
            while taken.contains("inline-component\(counter)") { counter += 1 }
            taken.insert("inline-component\(counter)")
            return "inline-component\(counter)"
        }
        func rewriteSpec(_ spec: TOMLValue, triggerID: String?, specCount: Int) -> TOMLValue {
            guard let table = spec.table else { return spec }
            let id = name(triggerID: triggerID, specCount: specCount)
            guard let folder = moved[id] else { return spec }
            return .table(Self.rewriteComponent(table, id: id, folder: folder))
        }
        var output = triggers
        for type in triggers.keys {
            guard let entries = triggers[type]?.array else { continue }
            output.set(type, .array(entries.map { element in
                guard var trigger = element.table else { return element }
                let triggerID = trigger["id"]?.string
                let components = trigger["components"]?.table
                var specCount = trigger["component"] == nil ? 0 : 1
                for key in components?.keys ?? [] { specCount += components?[key]?.array?.count ?? 1 }
                if let spec = trigger["component"] {
                    trigger.set("component", rewriteSpec(spec, triggerID: triggerID, specCount: specCount))
                }
                if var components {
                    for key in components.keys {
                        let value = components[key]!
                        if let list = value.array {
                            components.set(key, .array(list.map { rewriteSpec($0, triggerID: triggerID, specCount: specCount) }))
                        } else {
                            components.set(key, rewriteSpec(value, triggerID: triggerID, specCount: specCount))
                        }
                    }
                    trigger.set("components", .table(components))
                }
                return .table(trigger)
            }))
        }
        return output
    }

    /// The component's table without `exclude_files` and, when it gets its `folder`, with `files`
    /// = the one folder mount in the place `files` had.
    static func rewriteComponent(_ table: TOMLTable, id: String, folder: Bool) -> TOMLTable {
        var mount = TOMLTable()
        mount.set("source", .string(Self.folder(of: id)))
        mount.set("destination", .string("/"))
        var output = TOMLTable()
        for key in table.keys where key != "exclude_files" {
            output.set(key, key == "files" && folder ? .array([.table(mount)]) : table[key]!)
        }
        return output
    }
}
