#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackArchive
import WasmPackOCI
import WasmPackSpin

/// `pull --extract` for a Spin registry artifact: writes the app as Spin would see it, each wasm
/// at `DIR/<component-id>.wasm`, each file at `DIR/<component-id>/files/<path>`, and a regenerated
/// v2 `spin.toml` pointing at them, so `spin up -f DIR` runs it.
///
/// Everything is checked before anything is written (ids and paths like tar entries, every digest
/// present, inline bytes matching their digest), so a refused artifact leaves DIR as it was.
// formats.md §2.4 (locked app), §2.5 (how Spin routes the layers)
public struct SpinAppExtractor: ArtifactExtractor {
    public init() {}

    public func handles(_ manifest: ImageManifest) -> Bool {
        manifest.config.mediaType == .spinApplication || manifest.layers.contains { $0.mediaType == .spinApplication }
    }

    public func extract(
        _ manifest: ImageManifest, blobPath: (Digest) -> String, into directory: String, limits: ExtractionLimits
    ) throws -> [String] {
        // Spin writes the config first, then lets a locked-app layer overwrite it (pre-2.0 kept the app there).
        guard let locked = manifest.layers.last(where: { $0.mediaType == .spinApplication })
                ?? (manifest.config.mediaType == .spinApplication ? manifest.config : nil) else { throw SpinExtractError.noLockedApp }
        guard locked.size <= SpinLockedAppContents.sizeLimit else {
            throw SpinExtractError.lockedAppTooLarge(size: locked.size, limit: SpinLockedAppContents.sizeLimit)
        }
        guard let bytes = FileManager.default.contents(atPath: blobPath(locked.digest)),
              let app = SpinLockedAppContents.decode([UInt8](bytes.prefix(Int(SpinLockedAppContents.sizeLimit)))) else {
            throw SpinExtractError.invalidLockedApp(digest: locked.digest.description)
        }

        let wasmLayers = Set(manifest.layers.filter { $0.mediaType == .wasmContentLayer || $0.mediaType == .wasm }.map(\.digest.description))
        let dataLayers = Dictionary(
            manifest.layers.filter { ![.wasmContentLayer, .wasm, .spinArchiveLayer, .spinApplication].contains($0.mediaType) }
                .map { ($0.digest.description, $0) }, uniquingKeysWith: { first, _ in first })
        let archives = manifest.layers.filter { $0.mediaType == .spinArchiveLayer }

        // Archive layers: unpacked (safely, within the limits) aside, each file known by its digest.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wasmpack-spin-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        var archived: [String: String] = [:]
        var unpackedSize: Int64 = 0
        for (number, archive) in archives.enumerated() {
            let folder = scratch + "/\(number)"
            let unpacked = try LayerExtractor().extract(layer: blobPath(archive.digest), into: folder, limits: limits, extractedBefore: unpackedSize)
            unpackedSize += unpacked.size
            for file in unpacked.files {
                let path = folder + "/" + file
                guard let kind = FileKind(atPath: path), kind != .directory,
                      let digest = Self.digest(ofFileAt: path) else { continue }
                archived[digest] = archived[digest] ?? path
            }
        }

        // Plan every write first: nothing is written unless the whole app is there.
        enum Source { case inline([UInt8]), blob(String) }
        var writes: [(path: String, source: Source)] = []
        var total: Int64 = 0
        var ids = Set<String>()
        func source(_ content: SpinLockedAppContents.Content, component: String, what: String, wasm: Bool) throws -> Source {
            // Spin loads a component's wasm only from a wasm layer, even when the locked app inlines it.
            if wasm, let digest = content.digest, wasmLayers.contains(digest),
               let layer = manifest.layers.first(where: { $0.digest.description == digest }) {
                total += layer.size
                return .blob(blobPath(layer.digest))
            }
            if wasm { throw SpinExtractError.missingContent(component: component, what: what, digest: content.digest ?? "no digest") }
            if let inline = content.inline {
                guard let bytes = content.inlineBytes else { throw SpinExtractError.missingContent(component: component, what: what, digest: String(inline.prefix(20))) }
                if let digest = content.digest, SHA256Hasher.digest(of: bytes).description != digest {
                    throw SpinExtractError.inlineDigestMismatch(component: component, what: what)
                }
                total += Int64(bytes.count)
                return .inline(bytes)
            }
            let digest = content.digest ?? "no digest"
            if let layer = dataLayers[digest] {
                total += layer.size
                return .blob(blobPath(layer.digest))
            }
            if let path = archived[digest] { return .blob(path) }
            throw SpinExtractError.missingContent(component: component, what: what, digest: digest)
        }
        for component in app.components {
            let id = component.id
            // Spin's ids are kebab-case (v1 also allowed '_'): no dots, so no id can name spin.toml
            // or a hidden file, and `<id>.wasm` never collides with another component's `<id>/`.
            guard !id.isEmpty, id.utf8.allSatisfy({ $0.isASCIIAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }) else {
                throw SpinExtractError.unsafeComponentID(id)
            }
            guard ids.insert(id).inserted else { throw SpinExtractError.duplicateComponentID(id) }
            writes.append(("\(id).wasm", try source(component.source, component: id, what: "wasm", wasm: true)))
            // Dependency names hold ':', '/' and '@': each wasm is named by its place in name order.
            for (number, name) in Self.dependencyNames(component).enumerated() {
                writes.append(("\(id)/deps/\(number).wasm", try source(
                    component.dependencies[name]!.source, component: id, what: "dependency '\(name)'", wasm: true)))
            }
            var paths = Set<String>()
            for file in component.files {
                let path = file.path ?? ""
                guard SpinLockedAppContents.isSafeRelativePath(path) else { throw SpinExtractError.unsafePath(component: id, path: path) }
                guard paths.insert(path).inserted else { throw SpinExtractError.duplicatePath(component: id, path: path) }
                writes.append(("\(id)/files/\(path)", try source(file, component: id, what: "file '\(path)'", wasm: false)))
            }
        }
        if total > limits.maximumSize { throw SpinExtractError.sizeLimitExceeded(limit: limits.maximumSize) }

        for write in writes {
            let target = directory + "/" + write.path
            let folder = PathName.deletingLastComponent(target)
            let name = PathName.lastComponent(target)
            switch write.source {
            case .blob(let path):
                try LayerExtractor().extractFile(blob: path, named: name, into: folder)
            case .inline(let bytes):
                try Self.write(Data(bytes), to: target)
            }
        }
        try Self.write(Data(TOMLWriter.document(Self.manifest(for: app)).utf8), to: directory + "/spin.toml")
        return (writes.map(\.path) + ["spin.toml"]).sorted()
    }

    /// A v2 spin.toml for the locked app, with each component's wasm and files where `extract` put them.
    // formats.md §6.3 (v2 schema); the locked app's metadata keys are §2.4's.
    static func manifest(for app: SpinLockedAppContents) -> TOMLTable {
        var document = TOMLTable()
        document.set("spin_manifest_version", .integer(2))
        var application = TOMLTable()
        var triggerSettings: TOMLTable?
        for member in app.metadata {
            switch member.key {
            case "name", "version", "description", "authors":
                if let value = toml(member.value) { application.set(member.key, value) }
            case "triggers":
                if let table = toml(member.value)?.table, !table.isEmpty { triggerSettings = table }
            default:
                break // "trigger" restates the trigger type; "origin" is where it was built.
            }
        }
        if let triggerSettings { application.set("trigger", .table(triggerSettings)) }
        document.set("application", .table(application))

        if !app.variables.isEmpty {
            var variables = TOMLTable()
            for variable in app.variables {
                var table = toml(variable.value)?.table ?? TOMLTable()
                if table["default"] == nil && table["required"] == nil { table.set("required", .boolean(true)) }
                variables.set(variable.key, .table(table))
            }
            document.set("variables", .table(variables))
        }

        var triggers = TOMLTable()
        for trigger in app.triggers {
            var table = TOMLTable()
            table.set("id", .string(trigger.id))
            for member in trigger.triggerConfig.members ?? [] where member.key != "id" {
                if let value = toml(member.value) { table.set(member.key, value) }
            }
            triggers.set(trigger.triggerType, .array((triggers[trigger.triggerType]?.array ?? []) + [.table(table)]))
        }
        document.set("trigger", .table(triggers))

        var components = TOMLTable()
        for component in app.components {
            var table = TOMLTable()
            table.set("source", .string("\(component.id).wasm"))
            if !component.dependencies.isEmpty {
                var dependencies = TOMLTable()
                for (number, name) in dependencyNames(component).enumerated() {
                    var entry = TOMLTable()
                    entry.set("path", .string("\(component.id)/deps/\(number).wasm"))
                    if let export = component.dependencies[name]?.export { entry.set("export", .string(export)) }
                    dependencies.set(name, .table(entry))
                }
                table.set("dependencies", .table(dependencies))
                // One setting per component in spin.toml, so every dependency carries the same.
                if component.dependencies.values.contains(where: \.inheritsAll) {
                    table.set("dependencies_inherit_configuration", .boolean(true))
                }
            }
            if !component.files.isEmpty {
                var mount = TOMLTable()
                mount.set("source", .string("\(component.id)/files"))
                mount.set("destination", .string("/"))
                table.set("files", .array([.table(mount)]))
            }
            let renamed = ["databases": "sqlite_databases"]
            for member in component.metadata where
                ["ai_models", "allowed_outbound_hosts", "build", "databases", "description", "key_value_stores"].contains(member.key) {
                if let value = toml(member.value) { table.set(renamed[member.key] ?? member.key, value) }
            }
            if let environment = toml(.object(component.env, sortedOnOutput: true))?.table, !environment.isEmpty {
                table.set("environment", .table(environment))
            }
            if let variables = toml(.object(component.config, sortedOnOutput: true))?.table, !variables.isEmpty {
                table.set("variables", .table(variables))
            }
            components.set(component.id, .table(table))
        }
        document.set("component", .table(components))
        return document
    }

    /// JSON as TOML; nulls (which TOML cannot say) are left out.
    static func toml(_ value: JSONValue) -> TOMLValue? {
        switch value {
        case .null: return nil
        case .bool(let value): return .boolean(value)
        case .integer(let value): return .integer(value)
        case .double(let value): return .float(value)
        case .string(let value): return .string(value)
        case .array(let values): return .array(values.compactMap(toml))
        case .object(let members, _):
            var table = TOMLTable()
            for member in members { if let value = toml(member.value) { table.set(member.key, value) } }
            return .table(table)
        }
    }

    static func dependencyNames(_ component: SpinLockedAppContents.Component) -> [String] {
        component.dependencies.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func write(_ data: Data, to path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: PathName.deletingLastComponent(path), withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw SpinExtractError.cannotWrite(path: path, message: String(describing: error))
        }
    }

    /// Streamed, so a large archived file is never held whole.
    private static func digest(ofFileAt path: String) -> String? {
        let hasher = SHA256Hasher()
        do { try FileContents.forEachChunk(atPath: path) { hasher.update($0) } } catch { return nil }
        return hasher.finalize().description
    }
}

private extension UInt8 {
    var isASCIIAlphanumeric: Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(self) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(self)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self)
    }
}
