import ArgumentParser

/// A size on the command line: bytes, or a number with a binary unit (`500M`, `8GiB`, `2t`).
struct ByteSize: ExpressibleByArgument {
    let bytes: Int64

    private static let units: [(suffixes: [String], shift: Int64)] = [
        (["k", "kib", "kb"], 10), (["m", "mib", "mb"], 20), (["g", "gib", "gb"], 30), (["t", "tib", "tb"], 40),
    ]

    init?(argument: String) {
        let text = argument.lowercased()
        let digits = text.prefix { $0.isASCII && $0.isNumber }
        let suffix = text.dropFirst(digits.count)
        guard let number = Int64(digits), number > 0 else { return nil }
        var shift: Int64 = 0
        if !suffix.isEmpty && suffix != "b" {
            guard let unit = Self.units.first(where: { $0.suffixes.contains(String(suffix)) }) else { return nil }
            shift = unit.shift
        }
        // Units are binary: `8G` is what the limit's own message calls 8 GiB.
        guard number <= Int64.max >> shift else { return nil }
        bytes = number << shift
    }
}
