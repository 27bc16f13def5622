/// One TOML table of the manifest with typed getters that fail with `SpinManifestError.wrongType`,
/// naming the key the way the user wrote it.
struct ManifestTable {
    let table: TOMLTable
    let manifest: String
    let key: ManifestKey

    /// In document order.
    var keys: [String] { table.keys }

    func value(_ name: String) -> TOMLValue? {
        table[name]
    }

    func string(_ name: String) throws(SpinManifestError) -> String? {
        guard let value = table[name] else { return nil }
        guard let string = value.string else { throw wrongType(name, expected: "a string", found: value) }
        return string
    }

    func boolean(_ name: String) throws(SpinManifestError) -> Bool? {
        guard let value = table[name] else { return nil }
        guard case .boolean(let flag) = value else { throw wrongType(name, expected: "true or false", found: value) }
        return flag
    }

    func requiredString(_ name: String) throws(SpinManifestError) -> String {
        guard let string = try string(name) else { throw .missingKey(manifest: manifest, key: key(name)) }
        return string
    }

    /// A string used as a path (or as a component id, which Spin also uses in paths).
    func path(_ name: String) throws(SpinManifestError) -> String? {
        guard let path = try string(name) else { return nil }
        return try checkedPath(path, key: key(name))
    }

    func requiredPath(_ name: String) throws(SpinManifestError) -> String {
        try checkedPath(try requiredString(name), key: key(name))
    }

    func strings(_ name: String) throws(SpinManifestError) -> [String] {
        guard let value = table[name] else { return [] }
        guard let array = value.array else { throw wrongType(name, expected: "an array of strings", found: value) }
        var strings: [String] = []
        for (index, element) in array.enumerated() {
            guard let string = element.string else {
                throw wrongType("\(name)[\(index)]", expected: "a string", found: element)
            }
            strings.append(string)
        }
        return strings
    }

    func paths(_ name: String) throws(SpinManifestError) -> [String] {
        var paths: [String] = []
        for (index, path) in try strings(name).enumerated() {
            paths.append(try checkedPath(path, key: key("\(name)[\(index)]")))
        }
        return paths
    }

    func array(_ name: String) throws(SpinManifestError) -> [TOMLValue] {
        guard let value = table[name] else { return [] }
        guard let array = value.array else { throw wrongType(name, expected: "an array", found: value) }
        return array
    }

    func subtable(_ name: String, key subkey: ManifestKey) throws(SpinManifestError) -> ManifestTable? {
        guard let value = table[name] else { return nil }
        guard let table = value.table else { throw wrongType(name, expected: "a table", found: value) }
        return ManifestTable(table: table, manifest: manifest, key: subkey)
    }

    func wrongType(_ name: String, expected: String, found value: TOMLValue) -> SpinManifestError {
        .wrongType(manifest: manifest, key: key(name), expected: expected, found: Self.describe(value))
    }

    /// TOML allows `\u0000` in strings, but a path is cut at a NUL by the C library (item 7 of
    /// issue 7: `api/api.wasm\u0000../../x` was read as `api/api.wasm`), and Spin refuses such paths.
    func checkedPath(_ path: String, key: String) throws(SpinManifestError) -> String {
        guard !path.utf8.contains(0) else { throw .nulInPath(manifest: manifest, key: key) }
        return path
    }

    /// `integer 3`, `string "x"`, `a table`: enough for the user to find the value.
    static func describe(_ value: TOMLValue) -> String {
        switch value {
        case .string(let string): return "string \"\(TOMLParser.escapedForMessage(string))\""
        case .integer(let integer): return "integer \(integer)"
        case .float(let double): return "float \(double)"
        case .boolean(let bool): return "boolean \(bool)"
        case .table, .array, .dateTime, .date, .time: return value.kindDescription
        }
    }
}
