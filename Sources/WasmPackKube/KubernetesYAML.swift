import WasmPackOCI
import Yams

/// Turns documents into one multi-document YAML stream. The only file that uses Yams: the objects
/// become an ordered tree (JSONValueEncoder keeps declaration order) and Yams writes each
/// document, quoting any string that would otherwise read back as a number, bool or null.
/// Comments are not part of YAML's data model, so they are written as `#` lines above a document.
public enum KubernetesYAML {
    public static func text(_ documents: [KubeDocument]) throws(KubeError) -> String {
        var text = ""
        for document in documents {
            text += "---\n"
            for comment in document.comments { text += "# " + comment + "\n" }
            let tree: JSONValue
            do { tree = try JSONValueEncoder().encode(document.object) } catch {
                throw .yaml("\(document.object.kind): \(error)")
            }
            do {
                text += try Yams.serialize(node: node(tree), indent: 2, width: -1, allowUnicode: true, sequenceStyle: .block, mappingStyle: .block)
            } catch {
                throw .yaml("\(document.object.kind): \(error)")
            }
        }
        return text
    }

    private static func node(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .integer(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(String(number), Tag(.float))
        case .string(let string): return .scalar(string.represented())
        case .array(let elements): return .sequence(Node.Sequence(elements.map(node)))
        case .object(let members, let sortedOnOutput):
            // Swift dictionaries (labels, node selectors) have no order of their own: sorted, so
            // the same input always gives the same bytes.
            let ordered = sortedOnOutput ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : members
            return .mapping(Node.Mapping(ordered.map { (.scalar($0.key.represented()), node($0.value)) }))
        }
    }
}
