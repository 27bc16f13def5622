import Foundation

/// Recovers the order in which a manifest first mentions the keys of a table (`[component.<id>]`,
/// `[[trigger.<type>]]`).
///
/// TOMLKit (toml++) keeps table keys sorted, but Spin keeps document order (IndexMap), and component
/// order is what users see in listings and what numbers inline components. This is a line scanner
/// for headers and dotted keys, not a TOML parser: keys it cannot place keep sorted order at the end.
struct DocumentOrder {
    private var firstMentions: [String: [String]] = [:]

    init(text: String) {
        var header: [String] = []
        var openMultilineString: String?
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if let delimiter = openMultilineString {
                if line.contains(delimiter) { openMultilineString = nil }
                continue
            }
            if line.hasPrefix("[") {
                let opening = line.hasPrefix("[[") ? 2 : 1
                if let (key, rest) = Self.key(line.dropFirst(opening)), rest.first == "]" {
                    header = key
                    record(key)
                }
                // Otherwise a line of a multi-line array, not a header.
                continue
            }
            guard let (key, rest) = Self.key(line), rest.first == "=" else { continue }
            record(header + key)
            for delimiter in ["\"\"\"", "'''"] where rest.components(separatedBy: delimiter).count % 2 == 0 {
                openMultilineString = delimiter
            }
        }
    }

    /// `keys` (those of the table `table`) in the order the document first mentions them.
    func order(_ keys: [String], under table: String) -> [String] {
        let known = Set(keys)
        var ordered: [String] = []
        var placed: Set<String> = []
        for key in firstMentions[table, default: []] where known.contains(key) && placed.insert(key).inserted {
            ordered.append(key)
        }
        return ordered + keys.filter { !placed.contains($0) }.sorted()
    }

    private mutating func record(_ path: [String]) {
        guard path.count >= 2 else { return }
        if !firstMentions[path[0], default: []].contains(path[1]) {
            firstMentions[path[0], default: []].append(path[1])
        }
    }

    /// A dotted key (bare, "basic" or 'literal' segments) and what follows it, whitespace skipped.
    private static func key(_ text: Substring) -> ([String], Substring)? {
        var segments: [String] = []
        var rest = text
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { return nil }
            if first == "\"" || first == "'" {
                var segment = ""
                var index = rest.index(after: rest.startIndex)
                var closed = false
                while index < rest.endIndex {
                    let character = rest[index]
                    if character == first { closed = true; break }
                    if first == "\"", character == "\\" {
                        index = rest.index(after: index)
                        guard index < rest.endIndex else { return nil }
                    }
                    segment.append(rest[index])
                    index = rest.index(after: index)
                }
                guard closed else { return nil }
                segments.append(segment)
                rest = rest[rest.index(after: index)...]
            } else {
                let bare = rest.prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }
                guard !bare.isEmpty else { return nil }
                segments.append(String(bare))
                rest = rest.dropFirst(bare.count)
            }
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard rest.first == "." else { return (segments, rest) }
            rest = rest.dropFirst()
        }
    }
}
