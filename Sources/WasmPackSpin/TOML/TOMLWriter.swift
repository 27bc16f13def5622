/// Writes a `TOMLTable` as a TOML 1.0 document that `TOMLReader` reads back to an equal table,
/// keys in the same order. Deterministic: the same table always gives the same bytes, so an image
/// that packs a rewritten spin.toml keeps a reproducible digest.
///
/// Tables and arrays of tables become `[section]` / `[[section]]` headers, the way people write
/// spin.toml (`[[component]]`, `[[trigger.http]]`, `[component.trigger]`) - a table that holds only
/// sub-tables gets no header of its own, as TOML makes it from theirs - except:
/// - where a plain value follows them in the table: headers cannot come before a table's own
///   `key = value` lines, so those are written inline (`key = { … }`) to keep the document order
///   the reader reports;
/// - inside an array-of-tables element, arrays of tables and tables of plain values stay inline
///   (`files = [{ … }]`, `environment = { … }`), and so do tables of plain values nested more
///   than two levels deep (`build = { … }` in `[component.hello]`), as people write them there.
public enum TOMLWriter {
    public static func document(_ table: TOMLTable) -> String {
        var output = ""
        writeBody(table, path: [], inArrayElement: false, into: &output)
        return output
    }

    /// The `key = value` lines of `table`, then its sections.
    private static func writeBody(_ table: TOMLTable, path: [String], inArrayElement: Bool, into output: inout String) {
        let lastPlain = table.keys.lastIndex {
            !isSection(table[$0]!, inArrayElement: inArrayElement, depth: path.count + 1)
        } ?? -1
        for (index, key) in table.keys.enumerated() where index <= lastPlain {
            output += self.key(key) + " = " + inline(table[key]!) + "\n"
        }
        for key in table.keys.dropFirst(lastPlain + 1) {
            let childPath = path + [key]
            let header = childPath.map(self.key).joined(separator: ".")
            switch table[key]! {
            case .table(let child):
                // A table of sub-tables only is made by their headers (TOML's implicit super-tables),
                // so `[trigger]` above `[trigger.http]` would say nothing; an empty table keeps its header.
                if !holdsOnlySections(child, inArrayElement: inArrayElement, depth: childPath.count + 1) {
                    output += (output.isEmpty ? "" : "\n") + "[" + header + "]\n"
                }
                writeBody(child, path: childPath, inArrayElement: inArrayElement, into: &output)
            case .array(let elements):
                for element in elements {
                    output += (output.isEmpty ? "" : "\n") + "[[" + header + "]]\n"
                    if case .table(let child) = element {
                        writeBody(child, path: childPath, inArrayElement: true, into: &output)
                    }
                }
            default:
                preconditionFailure("isSection admits only tables and arrays of tables")
            }
        }
    }

    /// A non-empty table whose every value is written as a header, `depth` being the number of keys in
    /// those values' header paths.
    private static func holdsOnlySections(_ table: TOMLTable, inArrayElement: Bool, depth: Int) -> Bool {
        !table.isEmpty && table.keys.allSatisfy { isSection(table[$0]!, inArrayElement: inArrayElement, depth: depth) }
    }

    /// A value written as a header: a table, or a non-empty array whose elements are all tables.
    /// `depth` is the number of keys in the value's header path.
    private static func isSection(_ value: TOMLValue, inArrayElement: Bool, depth: Int) -> Bool {
        switch value {
        case .table(let table):
            return table.keys.contains { isStructure(table[$0]!) } || (!inArrayElement && depth <= 2)
        case .array:
            return !inArrayElement && isStructure(value)
        default: return false
        }
    }

    /// A table, or a non-empty array of tables only.
    private static func isStructure(_ value: TOMLValue) -> Bool {
        switch value {
        case .table: return true
        case .array(let elements):
            return !elements.isEmpty && elements.allSatisfy { if case .table = $0 { return true } else { return false } }
        default: return false
        }
    }

    static func inline(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): return quoted(text)
        case .integer(let number): return String(number)
        case .float(let number):
            if number.isNaN { return "nan" }
            if number.isInfinite { return number < 0 ? "-inf" : "inf" }
            // Swift's description is the shortest text that reads back to the same Double; TOML
            // needs a `.` or an exponent to see a float, which `description` always has for finite values
            // except integral ones in exponent form (`1e+20`), which TOML also accepts.
            return number.description
        case .boolean(let flag): return flag ? "true" : "false"
        case .dateTime(let value): return value.description
        case .date(let value): return value.description
        case .time(let value): return value.description
        case .array(let elements): return "[" + elements.map(inline).joined(separator: ", ") + "]"
        case .table(let table):
            guard !table.isEmpty else { return "{}" }
            return "{ " + table.keys.map { key($0) + " = " + inline(table[$0]!) }.joined(separator: ", ") + " }"
        }
    }

    /// Bare when TOML allows it (`A-Za-z0-9_-`), otherwise a basic string.
    static func key(_ name: String) -> String {
        let bare = !name.isEmpty && name.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
                || byte == 0x5f || byte == 0x2d
        }
        return bare ? name : quoted(name)
    }

    /// A basic string; control characters escaped, everything else (any Unicode) as is.
    static func quoted(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7f {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }
}
