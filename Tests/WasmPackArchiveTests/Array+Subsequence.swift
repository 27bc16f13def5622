extension Array where Element == UInt8 {
    /// Whether `needle` occurs anywhere in the bytes (a naive scan; test data is small).
    func contains(subsequence needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        return (0...(count - needle.count)).contains { start in self[start..<(start + needle.count)].elementsEqual(needle) }
    }
}
