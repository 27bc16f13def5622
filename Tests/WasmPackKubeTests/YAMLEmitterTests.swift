@testable import WasmPackKube
import WasmPackOCI
import Testing
import Yams

/// `wasmpack kube` writes YAML with libyaml directly (YAMLEmitter) instead of Yams, which would
/// bring full Foundation and ICU back into the executable. The bytes must stay what Yams wrote:
/// the same events, flags and quoting decisions for every kind of value and every awkward string.
@Suite struct YAMLEmitterTests {
    /// Strings a YAML 1.1 reader could take for something else, and strings libyaml must quote.
    static let awkward: [String] = [
        "", "true", "yes", "on", "Off", "NO", "y", "n", "null", "Null", "~", "123", "-1", "+1", "0", "00", "08", "017", "0o17",
        "0b101", "0x1F", "1_000", "1e3", "1.5", "-1.5", ".5", "1.", ".inf", "-.Inf", ".NaN", "1:20", "190:20:30", "1:20.5",
        "2026-11-29", "2026-1-2 3:04:05", "2026-11-29T10:00:00Z", "<<", "=", "a: b", "a:b", "- x", "-", "---", "...", "#c",
        "x #y", "  lead", "trail ", "multi\nline", "true\n", "tab\there", "quote'", "dq\"", "unicode é ☃", "line\u{2028}sep",
        "@at", "`tick", "%p", "!bang", "&amp", "*star", "|pipe", ">gt", "{brace", "[br", ",comma", "?q", ": colon",
        "http://x/y?z=1#f", "myreg.azurecr.io/team/hello@sha256:0123", "a\rb", "\\back", "ends:", "\u{1}ctl", "3000",
        "\n", "on\r\n", "1\u{2028}", "~\r", "very long " + String(repeating: "word ", count: 40),
    ]

    /// The tree Yams was given for the same JSON value (the conversion KubernetesYAML had).
    static func yamsNode(_ value: JSONValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null))
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool))
        case .integer(let number): return Node(String(number), Tag(.int))
        case .double(let number): return Node(String(number), Tag(.float))
        case .string(let string): return .scalar(string.represented())
        case .array(let elements): return .sequence(Node.Sequence(elements.map(yamsNode)))
        case .object(let members, let sortedOnOutput):
            let ordered = sortedOnOutput ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : members
            return .mapping(Node.Mapping(ordered.map { (.scalar($0.key.represented()), yamsNode($0.value)) }))
        }
    }

    static func tree(_ text: String) -> JSONValue {
        .object([
            JSONMember(key: "apiVersion", value: .string("v1")),
            JSONMember(key: "value", value: .string(text)),
            JSONMember(key: text, value: .array([.string(text), .null, .bool(true), .integer(8080), .double(1.5)])),
            JSONMember(key: "nested", value: .object([
                JSONMember(key: "empty", value: .array([])),
                JSONMember(key: "none", value: .object([], sortedOnOutput: false)),
                JSONMember(key: "labels", value: .object([
                    JSONMember(key: "zeta", value: .string(text)), JSONMember(key: "alpha", value: .integer(-1)),
                ], sortedOnOutput: true)),
                JSONMember(key: "items", value: .array([.object([JSONMember(key: "x", value: .string(text))], sortedOnOutput: false)])),
            ], sortedOnOutput: false)),
        ], sortedOnOutput: false)
    }

    @Test(arguments: awkward)
    func writesWhatYamsWrote(text: String) throws {
        let tree = Self.tree(text)
        let ours = try YAMLEmitter.document(tree)
        let yams = try Yams.serialize(node: Self.yamsNode(tree), indent: 2, width: -1, allowUnicode: true, sequenceStyle: .block, mappingStyle: .block)
        #expect(ours == yams)
    }

    @Test func quotesExactlyWhatYamsResolverReadsAsAnotherType() {
        for text in Self.awkward {
            let yamsQuotes = Resolver.default.resolveTag(of: Node(text)) != .str
            #expect((YAMLPlainScalar.tag(of: text) != "str") == yamsQuotes, "\(text.debugDescription)")
        }
    }
}
