/// A `files` pattern as `glob::glob` walks it: one `PathPattern` per '/'-separated component.
///
/// A `**` component matches zero or more directories; only a path that matches every component
/// is a result, so a trailing `**` selects directories, never the files below them.
struct GlobPattern: Sendable, Equatable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case anyDirectories
        case name(PathPattern)
    }

    let segments: [Segment]
    /// The pattern as written (after the caller's normalisation).
    let description: String

    init(_ pattern: String) throws(PathPattern.SyntaxError) {
        description = pattern
        var segments: [Segment] = []
        for component in pattern.split(separator: "/", omittingEmptySubsequences: true) {
            let compiled = try PathPattern(String(component))
            let segment: Segment = compiled.tokens == [.anyRecursiveSequence] ? .anyDirectories : .name(compiled)
            // `**/**` is one `**` (as in the glob crate); walking each would repeat the whole subtree.
            if segment == .anyDirectories, segments.last == .anyDirectories { continue }
            segments.append(segment)
        }
        self.segments = segments
    }

    /// The name a segment matches when it has no wildcard.
    static func literalName(of segment: Segment) -> String? {
        guard case .name(let pattern) = segment else { return nil }
        return pattern.literal
    }

    /// Whether one pattern segment matches one file or directory name.
    static func segment(_ segment: Segment, matches name: String) -> Bool {
        switch segment {
        case .anyDirectories: return true
        case .name(let pattern): return pattern.matches(name)
        }
    }
}
