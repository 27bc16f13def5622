/// A `files` / `exclude_files` pattern, matched one '/'-separated segment at a time.
///
/// `**` as a whole segment matches zero or more directories. Within a segment, `*` matches any run
/// (never a '/'), `?` one character, `[abc]`, `[a-z]` and `[!x]` one character of a class. `*` and
/// `?` match a leading dot too, as the Rust `glob` crate Spin uses does by default.
struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case anyDirectories
        case name([Token])
    }

    enum Token: Sendable, Equatable {
        case scalar(Unicode.Scalar)
        case anyScalar
        case anyRun
        case set([ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    let segments: [Segment]
    /// The pattern as written (after the caller's normalisation).
    let description: String

    init(_ pattern: String) {
        description = pattern
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map { segment in
            segment == "**" ? .anyDirectories : .name(Self.tokens(of: segment))
        }
    }

    /// True when no segment has a wildcard: the pattern names one path.
    var isLiteral: Bool {
        segments.allSatisfy { Self.literalName(of: $0) != nil }
    }

    /// The name a segment matches when it has no wildcard.
    static func literalName(of segment: Segment) -> String? {
        guard case .name(let tokens) = segment else { return nil }
        var name = String.UnicodeScalarView()
        for token in tokens {
            guard case .scalar(let scalar) = token else { return nil }
            name.append(scalar)
        }
        return String(name)
    }

    /// Whether `path` (relative, '/'-separated) matches the whole pattern.
    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return Self.matches(segments[...], parts[...])
    }

    private static func matches(_ pattern: ArraySlice<Segment>, _ path: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return path.isEmpty }
        switch first {
        case .anyDirectories:
            let rest = pattern.dropFirst()
            return (0...path.count).contains { matches(rest, path.dropFirst($0)) }
        case .name:
            guard let name = path.first, segment(first, matches: name) else { return false }
            return matches(pattern.dropFirst(), path.dropFirst())
        }
    }

    /// Whether one pattern segment matches one path segment (a file or directory name).
    static func segment(_ segment: Segment, matches name: String) -> Bool {
        switch segment {
        case .anyDirectories: return true
        case .name(let tokens): return matches(tokens, Array(name.unicodeScalars))
        }
    }

    // Wildcard matching with one backtrack point: on a mismatch, let the last `*` swallow one more
    // scalar. Linear in practice, and no recursion on hostile patterns.
    private static func matches(_ tokens: [Token], _ name: [Unicode.Scalar]) -> Bool {
        var tokenIndex = 0
        var nameIndex = 0
        var starToken: Int?
        var starName = 0
        while nameIndex < name.count {
            if tokenIndex < tokens.count {
                switch tokens[tokenIndex] {
                case .anyRun:
                    starToken = tokenIndex
                    starName = nameIndex
                    tokenIndex += 1
                    continue
                case .anyScalar:
                    tokenIndex += 1
                    nameIndex += 1
                    continue
                case .scalar(let scalar) where scalar == name[nameIndex]:
                    tokenIndex += 1
                    nameIndex += 1
                    continue
                case .set(let ranges, let negated) where ranges.contains(where: { $0.contains(name[nameIndex]) }) != negated:
                    tokenIndex += 1
                    nameIndex += 1
                    continue
                default:
                    break
                }
            }
            guard let star = starToken else { return false }
            tokenIndex = star + 1
            starName += 1
            nameIndex = starName
        }
        return tokens[tokenIndex...].allSatisfy { $0 == .anyRun }
    }

    private static func tokens(of segment: Substring) -> [Token] {
        let scalars = Array(segment.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "*":
                if tokens.last != .anyRun { tokens.append(.anyRun) }
                index += 1
            case "?":
                tokens.append(.anyScalar)
                index += 1
            case "[":
                if let (set, next) = characterClass(scalars, openingAt: index) {
                    tokens.append(set)
                    index = next
                } else {
                    // An unclosed '[' is an ordinary character.
                    tokens.append(.scalar("["))
                    index += 1
                }
            default:
                tokens.append(.scalar(scalars[index]))
                index += 1
            }
        }
        return tokens
    }

    /// Parses `[...]` at `start`; returns the token and the index after `]`, or nil if unclosed.
    /// A `]` right after `[` or `[!` is a member, as in the glob crate.
    private static func characterClass(_ scalars: [Unicode.Scalar], openingAt start: Int) -> (Token, Int)? {
        var index = start + 1
        var negated = false
        if index < scalars.count, scalars[index] == "!" || scalars[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var first = true
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "]", !first {
                return (.set(ranges, negated: negated), index + 1)
            }
            first = false
            if index + 2 < scalars.count, scalars[index + 1] == "-", scalars[index + 2] != "]" {
                let upper = scalars[index + 2]
                ranges.append(scalar <= upper ? scalar...upper : upper...scalar)
                index += 3
            } else {
                ranges.append(scalar...scalar)
                index += 1
            }
        }
        return nil
    }
}
