#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackOCI

/// Credentials files (docker's config.json, containers' auth.json) as a loose tree of
/// `[String: Any]`, `[Any]`, `String`, `Bool`, `Int64`, `Double` and `JSONNull`: what wasmpack
/// does not know passes through untouched. Replaces full Foundation's JSONSerialization.
enum JSONAnyTree {
    struct Invalid: Error {}

    /// Parses one JSON document (any value at the top).
    static func parse(_ bytes: [UInt8]) throws(Invalid) -> Any {
        let value: JSONValue
        do { value = try JSONDecoder().decode(JSONValue.self, from: Data(bytes)) } catch { throw Invalid() }
        return tree(value)
    }

    /// The tree as JSONSerialization's `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]`
    /// wrote it on Linux: two-space indent, `"key" : value`, keys sorted, "/" not escaped.
    static func prettyBytes(_ value: Any) -> [UInt8] {
        var output: [UInt8] = []
        write(value, indent: 0, into: &output)
        return output
    }

    private static func tree(_ value: JSONValue) -> Any {
        switch value {
        case .null: return JSONNull()
        case .bool(let flag): return flag
        case .integer(let number): return number
        case .double(let number): return number
        case .string(let text): return text
        case .array(let values): return values.map(tree)
        case .object(let members, _):
            var object: [String: Any] = [:]
            for member in members { object[member.key] = tree(member.value) }
            return object
        }
    }

    private static func write(_ value: Any, indent: Int, into output: inout [UInt8]) {
        let inner = [UInt8](repeating: 0x20, count: (indent + 1) * 2)
        let outer = [UInt8](repeating: 0x20, count: indent * 2)
        switch value {
        case let object as [String: Any]:
            if object.isEmpty { output += Array("{\n\n".utf8) + outer + [UInt8(ascii: "}")]; return }
            output += Array("{\n".utf8)
            for (index, key) in object.keys.sorted().enumerated() {
                output += inner
                writeString(key, into: &output)
                output += Array(" : ".utf8)
                write(object[key]!, indent: indent + 1, into: &output)
                output += Array((index == object.count - 1 ? "\n" : ",\n").utf8)
            }
            output += outer + [UInt8(ascii: "}")]
        case let array as [Any]:
            if array.isEmpty { output += Array("[\n\n".utf8) + outer + [UInt8(ascii: "]")]; return }
            output += Array("[\n".utf8)
            for (index, element) in array.enumerated() {
                output += inner
                write(element, indent: indent + 1, into: &output)
                output += Array((index == array.count - 1 ? "\n" : ",\n").utf8)
            }
            output += outer + [UInt8(ascii: "]")]
        case let text as String: writeString(text, into: &output)
        case let flag as Bool: output += Array((flag ? "true" : "false").utf8)
        case let number as Int64: output += Array(String(number).utf8)
        case let number as Int: output += Array(String(number).utf8)
        case let number as Double:
            output += Array((number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number)).utf8)
        default: output += Array("null".utf8)
        }
    }

    private static func writeString(_ text: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += Array("\\\"".utf8)
            case UInt8(ascii: "\\"): output += Array("\\\\".utf8)
            case 0x0A: output += Array("\\n".utf8)
            case 0x0D: output += Array("\\r".utf8)
            case 0x09: output += Array("\\t".utf8)
            case 0x08: output += Array("\\b".utf8)
            case 0x0C: output += Array("\\f".utf8)
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                output += Array("\\u00".utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
