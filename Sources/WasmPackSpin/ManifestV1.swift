/// Reads a `spin_manifest_version = "1"` manifest (formats.md 6.2).
enum ManifestV1 {
    static func contents(of root: ManifestTable) throws(SpinManifestError) -> ManifestContents {
        var components: [ComponentDeclaration] = []
        var idKeys: [String: String] = [:]
        for (index, value) in try root.array("component").enumerated() {
            let key = ManifestKey.path("component[\(index)]")
            guard let table = value.table else {
                throw root.wrongType("component[\(index)]", expected: "a table ([[component]])", found: value)
            }
            let fields = ManifestTable(table: table, manifest: root.manifest, key: key)
            let id = try fields.requiredString("id")
            // Spin converts v1 ids to v2 ones, mending `under_scores` and `mixedCase` first.
            if let problem = ComponentID.problem(with: String(id.map { $0 == "_" ? "-" : $0 }).lowercased()) {
                throw .invalidComponentID(manifest: root.manifest, key: key("id"), id: id, problem: problem)
            }
            guard idKeys.updateValue(key("id"), forKey: id) == nil else {
                throw .duplicateComponent(manifest: root.manifest, key: key("id"), component: id)
            }
            // [component.trigger] (route, executor incl. wagi) configures the runtime, not the files.
            components.append(try ComponentDeclaration(id: id, table: fields, version: .v1))
        }
        return ManifestContents(
            name: try root.string("name"),
            version: try root.string("version"),
            description: try root.string("description"),
            authors: try root.strings("authors"),
            components: components)
    }
}
