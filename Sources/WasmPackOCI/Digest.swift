/// A content digest, `algorithm:encoded`.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/descriptor.md#digests
public struct Digest: Hashable, Sendable, Comparable, CustomStringConvertible {
    public enum Algorithm: String, Sendable {
        case sha256
        case sha512

        var hexLength: Int { self == .sha256 ? 64 : 128 }
    }

    public let algorithm: Algorithm
    /// Lower-case hex of the hash.
    public let encoded: String

    public init(algorithm: Algorithm, bytes: [UInt8]) {
        self.algorithm = algorithm
        let hex: [Character] = Array("0123456789abcdef")
        var out = ""
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        self.encoded = out
    }

    /// Parses `sha256:<64 lower-case hex>` (or sha512), rejecting anything else.
    public init(parsing text: String) throws(DigestError) {
        guard let colon = text.firstIndex(of: ":") else { throw .missingAlgorithm(text) }
        let algorithmText = String(text[..<colon])
        let encoded = String(text[text.index(after: colon)...])
        guard let algorithm = Algorithm(rawValue: algorithmText) else {
            throw .unsupportedAlgorithm(text, algorithm: algorithmText)
        }
        guard encoded.utf8.count == algorithm.hexLength,
              encoded.utf8.allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { throw .invalidHex(text, expectedLength: algorithm.hexLength) }
        self.algorithm = algorithm
        self.encoded = encoded
    }

    public var description: String { "\(algorithm.rawValue):\(encoded)" }

    public static func < (lhs: Digest, rhs: Digest) -> Bool { lhs.description < rhs.description }
}

/// Why a string is not a valid digest.
public enum DigestError: Error, Equatable, Sendable, CustomStringConvertible {
    case missingAlgorithm(String)
    case unsupportedAlgorithm(String, algorithm: String)
    case invalidHex(String, expectedLength: Int)

    public var description: String {
        switch self {
        case .missingAlgorithm(let text):
            return "invalid digest '\(text)': expected 'sha256:' followed by 64 hex characters"
        case .unsupportedAlgorithm(let text, let algorithm):
            return "invalid digest '\(text)': unsupported algorithm '\(algorithm)' (use sha256)"
        case .invalidHex(let text, let length):
            return "invalid digest '\(text)': expected \(length) lower-case hex characters after the colon"
        }
    }
}
