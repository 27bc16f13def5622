/// Lexical path clean-up shared by manifest paths, mount destinations and absolute directories.
enum PathSegments {
    /// The segments of `path` with empty and `.` segments dropped and each `..` applied to the
    /// segment before it, like Go's `path.Clean`; `escapes` is true when a `..` had nothing left to
    /// remove (it is then dropped).
    static func clean(_ path: String) -> (segments: [Substring], escapes: Bool) {
        var segments: [Substring] = []
        var escapes = false
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch segment {
            case ".": continue
            case "..": if segments.popLast() == nil { escapes = true }
            default: segments.append(segment)
            }
        }
        return (segments, escapes)
    }
}
