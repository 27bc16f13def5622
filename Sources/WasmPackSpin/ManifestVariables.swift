/// The app's `[variables]` (v1 and v2): names checked the way Spin checks them, defaults kept so
/// templated outbound hosts can be checked with them.
struct ManifestVariables {
    /// Name → `default`, for the variables that have one.
    let defaults: [String: String]
    /// Every variable in manifest order, for deployment output.
    var entries: [SpinVariable] = []

    static func read(root: ManifestTable) throws(SpinManifestError) -> ManifestVariables {
        guard let table = try root.subtable("variables", key: .header("variables")) else {
            return ManifestVariables(defaults: [:])
        }
        var defaults: [String: String] = [:]
        var entries: [SpinVariable] = []
        for name in table.keys {
            try checkName(name, key: table.key(name), manifest: root.manifest)
            guard let value = table.value(name) else { continue }
            guard let inner = value.table else {
                throw table.wrongType(name, expected: "a table such as { default = \"…\" } or { required = true }", found: value)
            }
            let fields = ManifestTable(table: inner, manifest: root.manifest, key: table.key.nested(name))
            let defaultValue = try fields.string("default")
            if let defaultValue { defaults[name] = defaultValue }
            entries.append(SpinVariable(
                name: name, defaultValue: defaultValue,
                required: try fields.boolean("required") ?? false, secret: try fields.boolean("secret") ?? false))
        }
        return ManifestVariables(defaults: defaults, entries: entries)
    }

    static func checkName(_ name: String, key: String, manifest: String) throws(SpinManifestError) {
        if let problem = problem(with: name) {
            throw .invalidVariableName(manifest: manifest, key: key, name: name, problem: problem)
        }
    }

    /// Why Spin's `LowerSnakeId` refuses a name, or nil: words of ASCII letters and digits (and ':'
    /// inside a word) joined by '_', all lower case, the first word starting with a letter.
    static func problem(with name: String) -> String? {
        if name.isEmpty { return "is empty" }
        if name.contains("-") { return "separates words with '-' instead of '_'" }
        for (index, word) in name.split(separator: "_", omittingEmptySubsequences: false).enumerated() {
            guard let first = word.first else { return "has an empty word (a doubled, leading or trailing '_')" }
            guard first.isASCII, first.isLetter || (index > 0 && first.isNumber) else {
                return "has a word starting with '\(first)' instead of a letter" + (index > 0 ? " or digit" : "")
            }
            for character in word {
                guard character.isASCII, character.isLetter || character.isNumber || character == ":" else {
                    return "contains '\(character)', which is not a letter, digit or '_'"
                }
                if character.isUppercase { return "has upper-case letters" }
            }
        }
        return nil
    }
}
