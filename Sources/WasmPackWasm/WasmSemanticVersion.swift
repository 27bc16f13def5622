/// A semantic version as interface names carry it (`0.2.0`, `0.2.0-rc-2023-10-18`, `2.0.0`), with
/// semver precedence, so a check can ask "is wasi:http@0.2.3 within 0.2.0...0.2.6".
// https://semver.org/spec/v2.0.0.html (§9–11: pre-release identifiers and precedence)
public struct WasmSemanticVersion: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var major: UInt64
    public var minor: UInt64
    public var patch: UInt64
    /// Dot-separated pre-release identifiers (`rc-2023-10-18`), empty for a release.
    public var prerelease: [String]
    /// Dot-separated build metadata; ignored for precedence.
    public var build: [String]

    public init(major: UInt64, minor: UInt64, patch: UInt64, prerelease: [String] = [], build: [String] = []) {
        self.major = major
        self.minor = minor
        self.patch = patch
        self.prerelease = prerelease
        self.build = build
    }

    /// Parses `MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD]` exactly as semver defines it; nil otherwise.
    public init?(parsing text: String) {
        var rest = Substring(text)
        var build: [String] = []
        if let plus = rest.firstIndex(of: "+") {
            build = rest[rest.index(after: plus)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard build.allSatisfy(Self.isIdentifier) else { return nil }
            rest = rest[..<plus]
        }
        var prerelease: [String] = []
        if let dash = rest.firstIndex(of: "-") {
            prerelease = rest[rest.index(after: dash)...].split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard prerelease.allSatisfy({ Self.isIdentifier($0) && (!Self.isNumeric($0) || Self.number($0) != nil) }) else { return nil }
            rest = rest[..<dash]
        }
        let core = rest.split(separator: ".", omittingEmptySubsequences: false)
        guard core.count == 3, let major = Self.number(core[0]), let minor = Self.number(core[1]), let patch = Self.number(core[2]) else {
            return nil
        }
        self.init(major: major, minor: minor, patch: patch, prerelease: prerelease, build: build)
    }

    public var description: String {
        var text = "\(major).\(minor).\(patch)"
        if !prerelease.isEmpty { text += "-" + prerelease.joined(separator: ".") }
        if !build.isEmpty { text += "+" + build.joined(separator: ".") }
        return text
    }

    /// Semver precedence: build metadata does not count, a pre-release sorts before its release.
    public static func < (lhs: WasmSemanticVersion, rhs: WasmSemanticVersion) -> Bool {
        if lhs.major != rhs.major { return lhs.major < rhs.major }
        if lhs.minor != rhs.minor { return lhs.minor < rhs.minor }
        if lhs.patch != rhs.patch { return lhs.patch < rhs.patch }
        switch (lhs.prerelease.isEmpty, rhs.prerelease.isEmpty) {
        case (true, _): return false
        case (false, true): return true
        case (false, false): break
        }
        for (left, right) in zip(lhs.prerelease, rhs.prerelease) where left != right {
            switch (number(left), number(right)) {
            case let (l?, r?): return l < r
            case (.some, nil): return true
            case (nil, .some): return false
            case (nil, nil): return Array(left.utf8).lexicographicallyPrecedes(Array(right.utf8))
            }
        }
        return lhs.prerelease.count < rhs.prerelease.count
    }

    /// True when both have the same precedence (equal but for build metadata).
    public func hasSamePrecedence(as other: WasmSemanticVersion) -> Bool {
        !(self < other) && !(other < self)
    }

    private static func isIdentifier(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte) || byte == 0x2d
        }
    }

    private static func isNumeric(_ text: some StringProtocol) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (0x30...0x39).contains($0) }
    }

    /// A numeric identifier: digits, no leading zero (but "0"), fits in 64 bits.
    private static func number(_ text: some StringProtocol) -> UInt64? {
        guard isNumeric(text), text.utf8.count == 1 || text.utf8.first != 0x30 else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 {
            let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(UInt64(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return value
    }
}
