/// One tar member of a layer: a file from a `LayerEntry`, or a parent directory implied by one.
struct LayerMember: Equatable {
    enum Kind: Equatable {
        case directory
        case file(sourceFile: String, permissions: UInt16)
    }

    /// The path split at `/`, each component as raw UTF-8, so ordering never depends on
    /// Unicode normalisation or the locale.
    let components: [[UInt8]]
    let kind: Kind

    /// The path without a trailing slash, for messages.
    var path: String { String(decoding: Array(components.joined(separator: [UInt8(ascii: "/")])), as: UTF8.self) }

    /// The name written to the tar header; directories carry a trailing `/`, as tar(5) expects.
    var tarPath: String { kind == .directory ? path + "/" : path }

    /// Component-wise byte order, so `a/b` sorts right after `a/` and before `a.txt`
    /// (plain byte order would put `a.txt` first because `.` < `/`).
    static func precedes(_ lhs: LayerMember, _ rhs: LayerMember) -> Bool {
        lhs.components.lexicographicallyPrecedes(rhs.components) { $0.lexicographicallyPrecedes($1) }
    }
}
