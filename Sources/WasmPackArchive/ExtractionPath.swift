/// Tar entry paths and link targets as the bytes libarchive hands over, checked before anything is
/// written.
///
/// Bytes rather than `String`: Swift compares strings by canonical equivalence, so two names the
/// filesystem keeps apart (a precomposed and a decomposed "é") would be one dictionary key, and an
/// earlier symlink could hide behind a directory of the "same" name.
enum ExtractionPath {
    enum Problem: Error {
        case absolute
        case parentComponent
    }

    static let separator = UInt8(ascii: "/")
    private static let current: [UInt8] = [UInt8(ascii: ".")]
    private static let parent: [UInt8] = [UInt8(ascii: "."), UInt8(ascii: ".")]
    /// How many symlinks Linux follows in one lookup (MAXSYMLINKS) before failing with ELOOP.
    private static let maximumLinksFollowed = 40

    /// The components of a tar path, with empty and `.` components dropped: tars made with
    /// `tar -C dir .` name entries `./a/b`, and directories end in `/`. Empty for `./` itself.
    static func components(of path: [UInt8]) throws(Problem) -> [[UInt8]] {
        guard path.first != separator else { throw .absolute }
        var components: [[UInt8]] = []
        for component in path.split(separator: separator) {
            if component.elementsEqual(current) { continue }
            if component.elementsEqual(parent) { throw .parentComponent }
            components.append(Array(component))
        }
        return components
    }

    static func joined(_ components: some Sequence<[UInt8]>) -> [UInt8] {
        Array(components.joined(separator: [separator]))
    }

    /// `components` below `root`, as an absolute path.
    static func below(_ root: [UInt8], _ components: some Sequence<[UInt8]>) -> [UInt8] {
        root + [separator] + joined(components)
    }

    /// How a path appears in errors and results (invalid UTF-8 shown as U+FFFD).
    static func display(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }

    /// Whether a symlink in `directory` (components below `root`) with this target resolves
    /// inside `root`.
    ///
    /// Lexical for components that do not exist, but symlinks already on disk below `root` are
    /// followed: `l -> d/x/..` looks harmless until `d/x -> ..` exists, and then it leaves.
    /// Absolute targets, and chains longer than the kernel would follow, are refused.
    static func symlinkStaysInside(target: [UInt8], directory: [[UInt8]], root: [UInt8]) -> Bool {
        guard target.first != separator else { return false }
        var resolved = directory
        // A stack: the next component to walk is last.
        var pending = target.split(separator: separator).reversed().map(Array.init)
        var followed = 0
        while let component = pending.popLast() {
            if component == current { continue }
            if component == parent {
                guard resolved.popLast() != nil else { return false }
                continue
            }
            resolved.append(component)
            guard let next = ExtractionFileSystem.symlinkTarget(below(root, resolved)) else { continue }
            followed += 1
            guard followed <= maximumLinksFollowed, next.first != separator else { return false }
            resolved.removeLast()
            pending.append(contentsOf: next.split(separator: separator).reversed().map(Array.init))
        }
        return true
    }
}
