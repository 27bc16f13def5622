import WasmPackSpin

/// Writes the spin.toml that Spin 0.x (the original AKS WASI shim, Spin 0.4) reads: the v1 shape
/// tagged `spin_version = "1"`. Spin < 0.10 knows no `spin_manifest_version` and failed with
/// "missing field `spin_version`" (spinframework/spin#1638; formats.md §4.4).
///
/// A v1 manifest keeps every key and its order; only the version key changes. A v2 manifest is
/// converted to the v1 layout (`[application]` → top-level keys, `[[trigger.http]]` → each
/// component's `[component.trigger]`), or refused naming the first key Spin 0.4 has no
/// equivalent for. The source file is never changed; the output is deterministic.
struct SpinVersion1Manifest {
    let manifestPath: String
    let targetName: String

    func convert(_ bytes: [UInt8]) throws(BuildError) -> String {
        let document: TOMLTable
        do { document = try TOMLReader.parse(bytes) } catch {
            throw .manifest(.syntaxError(manifest: manifestPath, line: error.line, column: error.column, message: error.reason.description))
        }
        return TOMLWriter.document(try convert(document))
    }

    /// The parsed manifest converted, so a caller that changes other keys too (the direct-mount
    /// rewrite) writes the document once.
    func convert(_ document: TOMLTable) throws(BuildError) -> TOMLTable {
        if document["spin_manifest_version"]?.integer == 2 { return try convertV2(document) }
        try checkV1(document)
        var converted = TOMLTable()
        for key in document.keys {
            converted.set(key == "spin_manifest_version" ? "spin_version" : key, document[key]!)
        }
        return converted
    }

    /// A v1 manifest written for a later Spin 1.x can use what Spin 0.4 cannot load: a
    /// `{ url, digest }` source (Spin 0.4's `RawModuleSource` is a path or a bindle parcel) and the
    /// component keys Spin 0.4's `deny_unknown_fields` tables refuse. Found on spinframework/spin
    /// tests/testcases/assets-test, which wasmpack built for aks-wasi-v1 with its URL source.
    private func checkV1(_ document: TOMLTable) throws(BuildError) {
        try requireEmpty(document, "variables", "Spin 0.4 has no application variables")
        for (index, value) in (document["component"]?.array ?? []).enumerated() {
            guard let component = value.table else { continue }
            let prefix = "component.\(component["id"]?.string ?? "[\(index)]")"
            if let source = component["source"], source.string == nil {
                throw refuse("\(prefix).source", "Spin 0.4 loads only local .wasm files; download or build the file and name its path")
            }
            for key in Self.keysAfterSpin04 {
                try requireEmpty(component, key, prefix: prefix, "Spin 0.4 has no \(key)")
            }
        }
    }

    /// Component keys of later Spin releases that Spin 0.4 does not read.
    static let keysAfterSpin04 = ["allowed_outbound_hosts", "key_value_stores", "sqlite_databases", "ai_models", "variables", "dependencies"]

    private func convertV2(_ document: TOMLTable) throws(BuildError) -> TOMLTable {
        for key in document.keys where !["spin_manifest_version", "application", "trigger", "component", "variables"].contains(key) {
            throw refuse(key, "it is not a Spin 0.4 manifest key")
        }
        try requireEmpty(document, "variables", "Spin 0.4 has no application variables")
        let application = document["application"]?.table ?? TOMLTable()
        var output = TOMLTable()
        output.set("spin_version", .string("1"))
        guard let name = application["name"] else { throw refuse("application.name", "Spin 0.4 requires an app name; add it") }
        output.set("name", name)
        guard let version = application["version"] else {
            throw refuse("application.version", "Spin 0.4 requires an app version; add application.version")
        }
        output.set("version", version)
        if let description = application["description"] { output.set("description", description) }
        if let authors = application["authors"] { output.set("authors", authors) }
        for key in application.keys where !["name", "version", "description", "authors", "trigger", "tool", "targets"].contains(key) {
            throw refuse("application.\(key)", "Spin 0.4 has no such key")
        }
        var trigger = TOMLTable()
        trigger.set("type", .string("http"))
        let globalTrigger = application["trigger"]?.table ?? TOMLTable()
        for key in globalTrigger.keys where key != "http" {
            throw refuse("application.trigger.\(key)", "only HTTP apps can be converted for Spin 0.4")
        }
        trigger.set("base", globalTrigger["http"]?.table?["base"] ?? .string("/"))
        output.set("trigger", .table(trigger))

        let triggers = document["trigger"]?.table ?? TOMLTable()
        for key in triggers.keys where key != "http" {
            throw refuse("trigger.\(key)", "only HTTP triggers can be converted for Spin 0.4")
        }
        // Spin 0.4 gives each component exactly one trigger, inside the component.
        var componentTriggers: [String: TOMLTable] = [:]
        for (index, value) in (triggers["http"]?.array ?? []).enumerated() {
            let key = "trigger.http[\(index)]"
            guard let entry = value.table else { throw refuse(key, "it is not a table") }
            for field in entry.keys where !["id", "route", "component", "executor"].contains(field) {
                throw refuse("\(key).\(field)", "Spin 0.4 has no such trigger key")
            }
            guard let id = entry["component"]?.string else {
                throw refuse("\(key).component", "Spin 0.4 needs the component named by id, not inline or a list")
            }
            guard componentTriggers[id] == nil else {
                throw refuse("\(key).component", "component '\(id)' has two triggers and Spin 0.4 allows one per component")
            }
            var componentTrigger = TOMLTable()
            guard let route = entry["route"] else { throw refuse("\(key).route", "Spin 0.4 needs a route") }
            componentTrigger.set("route", route)
            if let executor = entry["executor"] { componentTrigger.set("executor", executor) }
            componentTriggers[id] = componentTrigger
        }

        var components: [TOMLValue] = []
        let declared = document["component"]?.table ?? TOMLTable()
        for id in declared.keys {
            guard let declaration = declared[id]?.table else { throw refuse("component.\(id)", "it is not a table") }
            components.append(.table(try convertComponent(id: id, declaration, trigger: componentTriggers[id])))
        }
        for id in componentTriggers.keys.sorted() where declared[id] == nil {
            throw refuse("trigger.http", "component '\(id)' is not declared")
        }
        output.set("component", .array(components))
        return output
    }

    private func convertComponent(id: String, _ declaration: TOMLTable, trigger: TOMLTable?) throws(BuildError) -> TOMLTable {
        let prefix = "component.\(id)"
        var component = TOMLTable()
        component.set("id", .string(id))
        guard let source = declaration["source"]?.string else {
            throw refuse("\(prefix).source", "Spin 0.4 loads only local .wasm files; build the file and name its path")
        }
        component.set("source", .string(source))
        // Runtime keys Spin 0.4 reads, in its own field order.
        for key in ["description", "environment", "files", "exclude_files", "allowed_http_hosts"] {
            if let value = declaration[key] { component.set(key, value) }
        }
        for key in Self.keysAfterSpin04 {
            try requireEmpty(declaration, key, prefix: prefix, "Spin 0.4 has no \(key)")
        }
        for key in declaration.keys {
            let known = ["source", "description", "environment", "files", "exclude_files", "allowed_http_hosts",
                         "allowed_outbound_hosts", "key_value_stores", "sqlite_databases", "ai_models", "variables",
                         "dependencies", "build", "tool", "targets", "dependencies_inherit_configuration"]
            // `build`, `tool` and `targets` matter only to `spin build` and tooling, not to the shim.
            guard known.contains(key) else { throw refuse("\(prefix).\(key)", "Spin 0.4 has no such component key") }
        }
        guard let trigger else { throw refuse(prefix, "no [[trigger.http]] names it, and Spin 0.4 needs one per component") }
        component.set("trigger", .table(trigger))
        return component
    }

    /// Empty arrays and tables (templates write `allowed_outbound_hosts = []`) say nothing Spin 0.4 needs.
    private func requireEmpty(_ table: TOMLTable, _ key: String, prefix: String? = nil, _ reason: String) throws(BuildError) {
        guard let value = table[key] else { return }
        let isEmpty = value.array?.isEmpty ?? value.table?.isEmpty ?? false
        guard isEmpty else { throw refuse(prefix.map { "\($0).\(key)" } ?? key, reason) }
    }

    private func refuse(_ key: String, _ reason: String) -> BuildError {
        .manifestNotConvertible(manifest: manifestPath, key: key, target: targetName, reason: reason)
    }
}
