// Byte order, not Swift's Unicode-aware String order: the image's file order must not depend on
// normalisation, and byte order is what `sort` in a C locale and tar listings show.
extension AppFile: Comparable {
    public static func < (lhs: AppFile, rhs: AppFile) -> Bool {
        if lhs.relativePath != rhs.relativePath {
            return lhs.relativePath.utf8.lexicographicallyPrecedes(rhs.relativePath.utf8)
        }
        switch (lhs.destination, rhs.destination) {
        case (nil, nil), (.some, nil): return false
        case (nil, .some): return true
        case let (.some(left), .some(right)): return left.utf8.lexicographicallyPrecedes(right.utf8)
        }
    }
}
