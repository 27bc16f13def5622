import WasmPackOCI
import WasmPackSpin

/// The locked app `spin registry push` writes as its last layer: spin.toml normalised the way Spin's
/// loader does it, with every component source and file replaced by a content reference.
// formats.md §2.4 (crates/locked-app `locked.rs`, crates/loader `local.rs`, crates/manifest
// `normalize.rs`/`compat.rs`). Written with serde_json's compact output: struct members in
// declaration order, maps (serde_json's BTreeMap) sorted.
struct SpinLockedApp {
    /// What v1 manifests get when they say nothing about outbound hosts: database access stays
    /// allowed, as it was before v2 (compat.rs `convert_allowed_http_to_allowed_hosts`).
    static let version1DatabaseHosts = ["redis://*:*", "mysql://*:*", "postgres://*:*"]

    let app: SpinApp
    /// The parsed spin.toml.
    let document: TOMLTable
    let sources: [String: SpinContentRef]
    let files: [String: [SpinLockedFile]]
    /// Each component's local dependencies, in Spin's order, with their content references.
    var dependencies: [String: [SpinLockedDependency]] = [:]

    var manifestPath: String { app.manifestFile.absolutePath }

    func json() throws(BuildError) -> JSONValue {
        var top: [JSONMember] = [JSONMember(key: "spin_lock_version", value: .integer(0))]
        let metadata = try self.metadata()
        if !metadata.isEmpty { top.append(JSONMember(key: "metadata", value: .object(metadata, sortedOnOutput: true))) }
        let variables = try self.variables()
        if !variables.isEmpty { top.append(JSONMember(key: "variables", value: .object(variables, sortedOnOutput: true))) }
        top.append(JSONMember(key: "triggers", value: .array(try triggers())))
        var components: [JSONValue] = []
        for component in app.components { components.append(try self.component(component)) }
        top.append(JSONMember(key: "components", value: .array(components)))
        return .object(top, sortedOnOutput: false)
    }

    // MARK: metadata

    /// `name`, `version`, `description`, `authors`, `triggers` (global trigger settings, `{}` when
    /// none) and `trigger` (`{"type": …}` plus its settings, only when the app has one trigger type).
    private func metadata() throws(BuildError) -> [JSONMember] {
        var members: [JSONMember] = []
        if let name = app.name { members.append(JSONMember(key: "name", value: .string(name))) }
        if let version = app.version { members.append(JSONMember(key: "version", value: .string(version))) }
        if let description = app.description { members.append(JSONMember(key: "description", value: .string(description))) }
        if !app.authors.isEmpty {
            members.append(JSONMember(key: "authors", value: .array(app.authors.map { .string($0) })))
        }
        let globals = triggerGlobals()
        members.append(JSONMember(key: "triggers", value: .object(
            globals.map { JSONMember(key: $0.type, value: .object($0.settings, sortedOnOutput: true)) }, sortedOnOutput: true)))
        let types = triggerTypes()
        if types.count == 1, let type = types.first {
            let settings = globals.first { $0.type == type }?.settings ?? []
            members.append(JSONMember(key: "trigger", value: .object(
                [JSONMember(key: "type", value: .string(type))] + settings, sortedOnOutput: true)))
        }
        return members
    }

    /// `[application.trigger.<type>]` (v2), or the v1 `trigger` table without its `type`.
    private func triggerGlobals() -> [(type: String, settings: [JSONMember])] {
        switch app.manifestVersion {
        case .v2:
            guard let table = document["application"]?.table?["trigger"]?.table else { return [] }
            return table.keys.compactMap { type in
                table[type]?.table.map { (type, Self.members(of: $0)) }
            }
        case .v1:
            guard let trigger = document["trigger"]?.table, let type = trigger["type"]?.string else { return [] }
            return [(type, Self.members(of: trigger).filter { $0.key != "type" })]
        }
    }

    private func triggerTypes() -> [String] {
        switch app.manifestVersion {
        case .v2: return document["trigger"]?.table?.keys ?? []
        case .v1: return document["trigger"]?.table?["type"]?.string.map { [$0] } ?? []
        }
    }

    // MARK: variables

    /// `[variables]` (v1 and v2): `{ description?, default?, secret? }` per name, `secret` only when
    /// true (locked.rs `Variable`).
    private func variables() throws(BuildError) -> [JSONMember] {
        guard let table = document["variables"]?.table else { return [] }
        return table.keys.compactMap { name in
            guard let variable = table[name]?.table else { return nil }
            var members: [JSONMember] = []
            if let description = variable["description"]?.string {
                members.append(JSONMember(key: "description", value: .string(description)))
            }
            if let value = variable["default"]?.string { members.append(JSONMember(key: "default", value: .string(value))) }
            if case .boolean(true) = variable["secret"] { members.append(JSONMember(key: "secret", value: .bool(true))) }
            return JSONMember(key: name, value: .object(members, sortedOnOutput: false))
        }
    }

    // MARK: triggers

    private func triggers() throws(BuildError) -> [JSONValue] {
        var triggers: [JSONValue] = []
        switch app.manifestVersion {
        case .v2:
            guard let table = document["trigger"]?.table else { return [] }
            // normalize.rs `normalize_trigger_ids`: a trigger without an id gets
            // `<component>-<type>-trigger` unless some trigger has that id already, else the first
            // free `<type>-trigger<N>` (N counting per trigger type).
            var taken = Set(table.keys.flatMap { type in (table[type]?.array ?? []).compactMap { $0.table?["id"]?.string } })
            for type in table.keys {
                var counter = 1
                for entry in table[type]?.array ?? [] {
                    guard let trigger = entry.table else { continue }
                    guard let component = trigger["component"]?.string else {
                        throw .spinFormatUnsupported(
                            manifest: manifestPath, what: "a [[trigger.\(type)]] without a component id (inline components, `components`)")
                    }
                    let id: String
                    if let explicit = trigger["id"]?.string {
                        id = explicit
                    } else if !taken.contains("\(component)-\(type)-trigger") {
                        id = "\(component)-\(type)-trigger"
                    } else {
                        while taken.contains("\(type)-trigger\(counter)") { counter += 1 }
                        id = "\(type)-trigger\(counter)"
                    }
                    taken.insert(id)
                    let config = Self.members(of: trigger).filter { $0.key != "id" && $0.key != "component" }
                    triggers.append(Self.trigger(id: id, type: type, component: component, config: config))
                }
            }
        case .v1:
            guard let type = triggerTypes().first else { return [] }
            for component in declaredComponents() {
                guard let id = component["id"]?.string else { continue }
                let config = component["trigger"]?.table.map(Self.members(of:)) ?? []
                triggers.append(Self.trigger(id: "trigger-\(id)", type: type, component: id, config: config))
            }
        }
        return triggers
    }

    private static func trigger(id: String, type: String, component: String, config: [JSONMember]) -> JSONValue {
        .object([
            JSONMember(key: "id", value: .string(id)),
            JSONMember(key: "trigger_type", value: .string(type)),
            JSONMember(key: "trigger_config", value: .object(
                config + [JSONMember(key: "component", value: .string(component))], sortedOnOutput: true)),
        ], sortedOnOutput: false)
    }

    // MARK: components

    private func declaredComponents() -> [TOMLTable] {
        (document["component"]?.array ?? []).compactMap(\.table)
    }

    private func declaration(of id: String) -> TOMLTable? {
        switch app.manifestVersion {
        case .v2: return document["component"]?.table?[id]?.table
        case .v1: return declaredComponents().first { $0["id"]?.string == id }
        }
    }

    private func component(_ component: SpinComponent) throws(BuildError) -> JSONValue {
        guard let table = declaration(of: component.id) else {
            throw .spinFormatUnsupported(manifest: manifestPath, what: "inline trigger components (component '\(component.id)')")
        }
        guard let source = sources[component.id] else {
            throw .remoteSourceNotPacked(manifest: manifestPath, id: component.id)
        }
        var members = [JSONMember(key: "id", value: .string(component.id))]
        let metadata = componentMetadata(table)
        if !metadata.isEmpty { members.append(JSONMember(key: "metadata", value: .object(metadata, sortedOnOutput: true))) }
        members.append(JSONMember(key: "source", value: .object(
            [JSONMember(key: "content_type", value: .string("application/wasm"))] + source.members, sortedOnOutput: false)))
        if let environment = table["environment"]?.table, !environment.isEmpty {
            members.append(JSONMember(key: "env", value: .object(Self.members(of: environment), sortedOnOutput: true)))
        }
        let lockedFiles = files[component.id] ?? []
        if !lockedFiles.isEmpty {
            members.append(JSONMember(key: "files", value: .array(lockedFiles.map { file in
                .object(file.content.members + [JSONMember(key: "path", value: .string(file.path))], sortedOnOutput: false)
            })))
        }
        // v1 `[component.config]`, v2 `[component.<id>.variables]`.
        let configKey = app.manifestVersion == .v1 ? "config" : "variables"
        if let config = table[configKey]?.table, !config.isEmpty {
            members.append(JSONMember(key: "config", value: .object(Self.members(of: config), sortedOnOutput: true)))
        }
        // BTreeMap<DependencyName, …>: already in Spin's key order; skipped when empty.
        let locked = dependencies[component.id] ?? []
        if !locked.isEmpty {
            let inheritAll = table["dependencies_inherit_configuration"] == .boolean(true)
            members.append(JSONMember(key: "dependencies", value: .object(
                locked.map { JSONMember(key: $0.name, value: $0.json(inheritAll: inheritAll)) }, sortedOnOutput: false)))
        }
        return .object(members, sortedOnOutput: false)
    }

    /// The component keys Spin carries into the locked app's component metadata, empty ones left out.
    private func componentMetadata(_ table: TOMLTable) -> [JSONMember] {
        var members: [JSONMember] = []
        func add(_ key: String, from source: String) {
            if let value = table[source], value.array?.isEmpty != true { members.append(JSONMember(key: key, value: Self.json(value))) }
        }
        add("ai_models", from: "ai_models")
        if app.manifestVersion == .v1 {
            // compat.rs: explicit outbound hosts plus the converted HTTP hosts; without explicit
            // ones, database access stays open as it was before outbound hosts existed.
            let http = Self.version1HTTPHosts(table["allowed_http_hosts"]?.array ?? [])
            let hosts = (table["allowed_outbound_hosts"]?.array.map { $0.compactMap(\.string) } ?? Self.version1DatabaseHosts) + http
            if !hosts.isEmpty { members.append(JSONMember(key: "allowed_outbound_hosts", value: .array(hosts.map { .string($0) }))) }
        } else {
            add("allowed_outbound_hosts", from: "allowed_outbound_hosts")
        }
        add("build", from: "build")
        add("databases", from: "sqlite_databases")
        add("description", from: "description")
        add("key_value_stores", from: "key_value_stores")
        return members
    }

    /// v1 `allowed_http_hosts` as outbound hosts (compat.rs `convert_allowed_http_to_allowed_hosts`):
    /// `insecure:allow-all` anywhere allows every host and the app itself; `self` is the app; any
    /// other `host[:port]` (an http/https URL's scheme and a trailing `/` dropped) is allowed over
    /// http and https. Spin's url parsing also drops a scheme's default port; this does not.
    static func version1HTTPHosts(_ hosts: [TOMLValue]) -> [String] {
        let texts = hosts.compactMap(\.string)
        if texts.contains("insecure:allow-all") { return ["http://*:*", "https://*:*", "http://self"] }
        return texts.flatMap { text -> [String] in
            var host = Substring(text)
            if let scheme = host.firstRange(of: "://") { host = host[scheme.upperBound...] }
            while host.hasSuffix("/") { host = host.dropLast() }
            let name = host.lowercased()
            if name == "self" { return ["http://self"] }
            return ["http://\(name)", "https://\(name)"]
        }
    }

    // MARK: TOML to JSON (serde's toml → serde_json: tables become sorted maps)

    static func members(of table: TOMLTable) -> [JSONMember] {
        table.keys.compactMap { key in table[key].map { JSONMember(key: key, value: json($0)) } }
    }

    static func json(_ value: TOMLValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .integer(let number): return .integer(number)
        case .float(let number): return .double(number)
        case .boolean(let flag): return .bool(flag)
        case .dateTime(let value): return .string(value.description)
        case .date(let value): return .string(value.description)
        case .time(let value): return .string(value.description)
        case .array(let values): return .array(values.map(json))
        case .table(let table): return .object(members(of: table), sortedOnOutput: true)
        }
    }
}
