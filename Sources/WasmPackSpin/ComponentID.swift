/// Spin's rule for component ids (spin_serde `KebabId`): words of ASCII letters and digits joined by
/// single `-`, the first starting with a letter. Spin refuses other ids when it loads the app, so
/// wasmpack refuses them before packing one; ids also end up in paths and URLs, where `/`, `..` or
/// a NUL would be dangerous.
// Spin versions differ in details (newer ones allow ':' inside words and a digit to start a later
// word; a const generic decides whether upper case is allowed): this enforces what the newest
// version requires and leaves case alone.
enum ComponentID {
    /// Why `id` is not a valid component id, or nil when it is.
    static func problem(with id: String) -> String? {
        if id.isEmpty { return "is empty" }
        if id.utf8.contains(0) { return "contains a NUL character (\\u0000)" }
        if id.contains("_") { return "separates words with '_'; Spin ids use '-'" }
        for (index, word) in id.split(separator: "-", omittingEmptySubsequences: false).enumerated() {
            guard let first = word.unicodeScalars.first else {
                return "has an empty word (a leading, trailing or doubled '-')"
            }
            if !isLetter(first), index == 0 || !("0"..."9").contains(first) {
                return "has a word starting with '\(first.escaped(asASCII: true))'; words start with an ASCII letter"
            }
            if let bad = word.unicodeScalars.first(where: { !isLetter($0) && !("0"..."9").contains($0) && $0 != ":" }) {
                return "contains '\(bad.escaped(asASCII: true))'; ids hold only ASCII letters, digits and '-'"
            }
        }
        return nil
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }
}
