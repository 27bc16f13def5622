/// What a plain (unquoted) scalar would be read as by YAML 1.1 readers (kubectl's, PyYAML), with
/// the patterns Yams's default Resolver uses: a string matching one of them is written quoted so
/// that it reads back as a string.
enum YAMLPlainScalar {
    private nonisolated(unsafe) static let rules: [(String, Regex<AnyRegexOutput>)] = [
        ("bool", #"yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"#),
        ("int", #"[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+"#),
        ("float", #"[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)"#),
        ("merge", #"<<"#),
        ("null", #"~|null|Null|NULL|"#),
        ("timestamp", #"[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?"#),
        ("value", #"="#),
    ].map { ($0.0, try! Regex("(?:" + $0.1 + ")").matchingSemantics(.unicodeScalar)) }

    /// "str", or the first of bool, int, float, merge, null, timestamp, value whose pattern
    /// matches all of `text`. Like the NSRegularExpression `^…$` Yams uses, a final line end is
    /// allowed after the match ("true\n" is a bool); libyaml quotes such a string either way.
    static func tag(of text: String) -> String {
        var candidates = [text]
        for end in ["\r\n", "\n", "\r", "\u{85}", "\u{2028}", "\u{2029}"] where text.hasSuffix(end) {
            candidates.append(String(text.dropLast()))
            break
        }
        for (tag, pattern) in rules where candidates.contains(where: { (try? pattern.wholeMatch(in: $0)) != nil }) { return tag }
        return "str"
    }
}
