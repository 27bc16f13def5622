/// Reads a `spin_manifest_version = 2` manifest (formats.md 6.3).
enum ManifestV2 {
    static func contents(of root: ManifestTable) throws(SpinManifestError) -> ManifestContents {
        let application = try root.subtable("application", key: .header("application"))

        var components: [ComponentDeclaration] = []
        if let table = try root.subtable("component", key: .header("component")) {
            for id in table.keys {
                let key = ManifestKey.componentTable(id)
                if let problem = ComponentID.problem(with: id) {
                    throw .invalidComponentID(manifest: root.manifest, key: "\(key)", id: id, problem: problem)
                }
                guard let value = table.value(id) else { continue }
                guard let fields = value.table else {
                    throw .wrongType(manifest: root.manifest, key: "\(key)", expected: "a table",
                                     found: ManifestTable.describe(value))
                }
                components.append(try ComponentDeclaration(
                    id: id, table: ManifestTable(table: fields, manifest: root.manifest, key: key), version: .v2))
            }
        }
        components += try triggerComponents(root: root, declared: components.map(\.id))

        return ManifestContents(
            name: try application?.string("name"),
            version: try application?.string("version"),
            description: try application?.string("description"),
            authors: try application?.strings("authors") ?? [],
            components: components)
    }

    private struct Reference {
        let key: String
        let id: String
    }

    /// The inline components of `[[trigger.<type>]]` entries, after checking that every component a
    /// trigger names by id exists.
    private static func triggerComponents(root: ManifestTable, declared: [String]) throws(SpinManifestError) -> [ComponentDeclaration] {
        guard let triggers = try root.subtable("trigger", key: .header("trigger")) else { return [] }
        var inline: [ComponentDeclaration] = []
        var references: [Reference] = []
        var taken = Set(declared)
        var counter = 1
        for type in triggers.keys {
            guard let value = triggers.value(type) else { continue }
            guard let entries = value.array else {
                throw triggers.wrongType(type, expected: "an array of tables ([[trigger.\(type)]])", found: value)
            }
            for (index, element) in entries.enumerated() {
                let key = ManifestKey.path("trigger.\(type)[\(index)]")
                guard let table = element.table else {
                    throw .wrongType(manifest: root.manifest, key: "\(key)", expected: "a table",
                                     found: ManifestTable.describe(element))
                }
                let trigger = ManifestTable(table: table, manifest: root.manifest, key: key)
                let triggerID = try trigger.string("id")
                let specs = try componentSpecs(of: trigger)
                for (field, spec) in specs {
                    if let id = spec.string {
                        references.append(Reference(key: key(field), id: id))
                        continue
                    }
                    guard let fields = spec.table else {
                        throw trigger.wrongType(field, expected: "a component id or an inline component table", found: spec)
                    }
                    // Spin's normalisation: `<trigger id>-component` when that is free and unambiguous,
                    // else the first free `inline-component<N>`.
                    let componentID: String
                    if let triggerID, specs.count == 1, !taken.contains("\(triggerID)-component") {
                        componentID = "\(triggerID)-component"
                    } else {
                        while taken.contains("inline-component\(counter)") { counter += 1 }
                        componentID = "inline-component\(counter)"
                    }
                    taken.insert(componentID)
                    inline.append(try ComponentDeclaration(
                        id: componentID,
                        table: ManifestTable(table: fields, manifest: root.manifest, key: key.nested(field)),
                        version: .v2))
                }
            }
        }
        let known = declared + inline.map(\.id)
        for reference in references where !known.contains(reference.id) {
            throw .unknownTriggerComponent(manifest: root.manifest, key: reference.key, component: reference.id, known: known)
        }
        return inline
    }

    /// `component = …` and every value of `components = { key = … | [ … ] }`, with the field naming each.
    private static func componentSpecs(of trigger: ManifestTable) throws(SpinManifestError) -> [(String, TOMLValue)] {
        var specs: [(String, TOMLValue)] = []
        if let component = trigger.value("component") { specs.append(("component", component)) }
        guard let components = try trigger.subtable("components", key: trigger.key.nested("components")) else {
            return specs
        }
        for name in components.keys {
            guard let value = components.value(name) else { continue }
            if let list = value.array {
                for (index, element) in list.enumerated() { specs.append(("components.\(name)[\(index)]", element)) }
            } else {
                specs.append(("components.\(name)", value))
            }
        }
        return specs
    }
}
