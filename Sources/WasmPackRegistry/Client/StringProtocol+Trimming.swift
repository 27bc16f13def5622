// What Foundation's trimmingCharacters(in:) did for header values and command output, without
// full Foundation.
extension StringProtocol {
    /// Without leading and trailing spaces and tabs (HTTP's optional whitespace).
    var trimmedWhitespace: String {
        trimming { $0.isWhitespace && !$0.isNewline }
    }

    /// Without leading and trailing whitespace and line ends.
    var trimmedWhitespaceAndNewlines: String {
        trimming(\.isWhitespace)
    }

    private func trimming(_ drop: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !drop($0) }), let last = lastIndex(where: { !drop($0) }) else { return "" }
        return String(self[first...last])
    }
}
