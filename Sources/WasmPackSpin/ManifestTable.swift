import TOMLKit

/// One TOML table of the manifest with typed getters that fail with `SpinManifestError.wrongType`,
/// naming the key the way the user wrote it.
struct ManifestTable {
    let table: TOMLTable
    let manifest: String
    let key: ManifestKey

    var keys: [String] { table.keys }

    func value(_ name: String) -> TOMLValueConvertible? {
        table[name]
    }

    func string(_ name: String) throws(SpinManifestError) -> String? {
        guard let value = table[name] else { return nil }
        guard let string = value.string else { throw wrongType(name, expected: "a string", found: value) }
        return string
    }

    func requiredString(_ name: String) throws(SpinManifestError) -> String {
        guard let string = try string(name) else { throw .missingKey(manifest: manifest, key: key(name)) }
        return string
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

    func array(_ name: String) throws(SpinManifestError) -> [TOMLValueConvertible] {
        guard let value = table[name] else { return [] }
        guard let array = value.array else { throw wrongType(name, expected: "an array", found: value) }
        return Array(array)
    }

    func subtable(_ name: String, key subkey: ManifestKey) throws(SpinManifestError) -> ManifestTable? {
        guard let value = table[name] else { return nil }
        guard let table = value.table else { throw wrongType(name, expected: "a table", found: value) }
        return ManifestTable(table: table, manifest: manifest, key: subkey)
    }

    func wrongType(_ name: String, expected: String, found value: TOMLValueConvertible) -> SpinManifestError {
        .wrongType(manifest: manifest, key: key(name), expected: expected, found: Self.describe(value))
    }

    /// `integer 3`, `string "x"`, `a table`: enough for the user to find the value.
    static func describe(_ value: TOMLValueConvertible) -> String {
        switch value.type {
        case .string: return "string \"\(value.string ?? "")\""
        case .int: return "integer \(value.int.map(String.init) ?? "")"
        case .double: return "float \(value.double.map { String($0) } ?? "")"
        case .bool: return "boolean \(value.bool.map(String.init) ?? "")"
        case .table: return "a table"
        case .array: return "an array"
        case .date, .time, .dateTime: return "a \(value.type)"
        }
    }
}
