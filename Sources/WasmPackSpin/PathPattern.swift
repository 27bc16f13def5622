/// One pattern of the Rust `glob` crate (`glob::Pattern`), which Spin's loader uses for `files`
/// and `exclude_files`; parsed and matched the way that crate does it with default `MatchOptions`.
///
/// Matched against a whole path (`exclude_files`, `Pattern::matches_path`): `*` matches any run of
/// characters *including* `/` (default `require_literal_separator = false`), `**/` matches nothing
/// or anything ending in `/`, `?` and `[...]` one character (`/` too), `[!...]` negates. A leading
/// dot needs no literal `.`. Matched against one file name (a component of a `files` glob), the
/// same rules give the usual shell behaviour because a name holds no `/`.
struct PathPattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case scalar(Unicode.Scalar)
        case anyScalar
        /// `*`
        case anySequence
        /// `**/` (or a trailing `**`): only as a whole path component.
        case anyRecursiveSequence
        /// `[...]` (`negated` for `[!...]`): single scalars and `a-z` ranges.
        case set([ClosedRange<Unicode.Scalar>], negated: Bool)
    }

    /// Why the glob crate refuses a pattern (its own wording, so users can search for it).
    enum SyntaxError: Error, Equatable {
        case tooManyStars
        case recursiveWildcardNotAComponent
        case invalidRange
        /// wasmpack's own limit: matching recurses once per `*`, and no real pattern comes near it.
        case tooManyWildcards(limit: Int)

        var reason: String {
            switch self {
            case .tooManyStars: return "wildcards are either regular `*` or recursive `**`"
            case .recursiveWildcardNotAComponent: return "recursive wildcards must form a single path component"
            case .invalidRange: return "invalid range pattern"
            case .tooManyWildcards(let limit): return "more than \(limit) '*' wildcards"
            }
        }
    }

    let tokens: [Token]

    /// Bounds the matcher's recursion (one level per `*`), so no manifest can exhaust the stack.
    static let wildcardLimit = 256

    /// True when the pattern has no wildcard: it names one path.
    var isLiteral: Bool { tokens.allSatisfy { if case .scalar = $0 { true } else { false } } }

    /// What a pattern without wildcards names.
    var literal: String? {
        guard isLiteral else { return nil }
        var scalars = String.UnicodeScalarView()
        for case .scalar(let scalar) in tokens { scalars.append(scalar) }
        return String(scalars)
    }

    /// Whether a string holds any character the glob crate treats specially: Spin's
    /// `looks_like_glob_pattern` (`Pattern::escape(s) != s`) escapes `?`, `*`, `[` and `]`.
    static func looksLikeGlob(_ text: String) -> Bool {
        text.unicodeScalars.contains { "?*[]".unicodeScalars.contains($0) }
    }

    // glob crate `Pattern::new`.
    init(_ pattern: String) throws(SyntaxError) {
        let scalars = Array(pattern.unicodeScalars)
        var tokens: [Token] = []
        var index = 0
        while index < scalars.count {
            switch scalars[index] {
            case "?":
                tokens.append(.anyScalar)
                index += 1
            case "*":
                let start = index
                while index < scalars.count, scalars[index] == "*" { index += 1 }
                let count = index - start
                if count > 2 { throw .tooManyStars }
                if count == 1 {
                    tokens.append(.anySequence)
                    continue
                }
                guard start == 0 || scalars[start - 1] == "/" else { throw .recursiveWildcardNotAComponent }
                if index < scalars.count {
                    guard scalars[index] == "/" else { throw .recursiveWildcardNotAComponent }
                    index += 1
                }
                if tokens.last != .anyRecursiveSequence { tokens.append(.anyRecursiveSequence) }
            case "[":
                // `[!` needs at least one member and a `]` after it; `]` right after `[` or `[!`
                // is a member.
                let rest = scalars.count - index
                if rest >= 4, scalars[index + 1] == "!",
                   let close = scalars[(index + 3)...].firstIndex(of: "]") {
                    tokens.append(.set(Self.members(scalars[(index + 2)..<close]), negated: true))
                    index = close + 1
                } else if rest >= 3, scalars[index + 1] != "!",
                          let close = scalars[(index + 2)...].firstIndex(of: "]") {
                    tokens.append(.set(Self.members(scalars[(index + 1)..<close]), negated: false))
                    index = close + 1
                } else {
                    throw .invalidRange
                }
            default:
                tokens.append(.scalar(scalars[index]))
                index += 1
            }
        }
        guard tokens.count(where: { $0 == .anySequence || $0 == .anyRecursiveSequence }) <= Self.wildcardLimit else {
            throw .tooManyWildcards(limit: Self.wildcardLimit)
        }
        self.tokens = tokens
    }

    // glob crate `parse_char_specifiers`: `a-z` is a range when a character follows the `-`.
    private static func members(_ scalars: ArraySlice<Unicode.Scalar>) -> [ClosedRange<Unicode.Scalar>] {
        let scalars = Array(scalars)
        var ranges: [ClosedRange<Unicode.Scalar>] = []
        var index = 0
        while index < scalars.count {
            if index + 3 <= scalars.count, scalars[index + 1] == "-" {
                // A reversed range (`z-a`) matches nothing in the crate.
                if scalars[index] <= scalars[index + 2] { ranges.append(scalars[index]...scalars[index + 2]) }
                index += 3
            } else {
                ranges.append(scalars[index]...scalars[index])
                index += 1
            }
        }
        return ranges
    }

    /// `Pattern::matches_path` with default options: the whole of `path` must match.
    func matches(_ path: String) -> Bool {
        let scalars = Array(path.unicodeScalars)
        return match(from: 0, tokenIndex: 0, scalars) == .match
    }

    private enum Outcome { case match, subPatternDoesNotMatch, entirePatternDoesNotMatch }

    // glob crate `matches_from`, minus the options that are off by default. The "entire pattern
    // does not match" answer stops the search early, which keeps hostile patterns polynomial.
    private func match(from start: Int, tokenIndex: Int, _ path: [Unicode.Scalar]) -> Outcome {
        var position = start
        var tokenIndex = tokenIndex
        while tokenIndex < tokens.count {
            let token = tokens[tokenIndex]
            switch token {
            case .anySequence, .anyRecursiveSequence:
                let outcome = match(from: position, tokenIndex: tokenIndex + 1, path)
                if outcome != .subPatternDoesNotMatch { return outcome }
                while position < path.count {
                    let scalar = path[position]
                    position += 1
                    // `**/` resumes only right after a separator.
                    if token == .anyRecursiveSequence, scalar != "/" { continue }
                    let outcome = match(from: position, tokenIndex: tokenIndex + 1, path)
                    if outcome != .subPatternDoesNotMatch { return outcome }
                }
            case .scalar(let expected):
                guard position < path.count else { return .entirePatternDoesNotMatch }
                guard path[position] == expected else { return .subPatternDoesNotMatch }
                position += 1
            case .anyScalar:
                guard position < path.count else { return .entirePatternDoesNotMatch }
                position += 1
            case .set(let ranges, let negated):
                guard position < path.count else { return .entirePatternDoesNotMatch }
                guard ranges.contains(where: { $0.contains(path[position]) }) != negated else { return .subPatternDoesNotMatch }
                position += 1
            }
            tokenIndex += 1
        }
        return position == path.count ? .match : .subPatternDoesNotMatch
    }
}
