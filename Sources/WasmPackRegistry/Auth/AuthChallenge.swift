/// One challenge from a `WWW-Authenticate` header: a scheme and its parameters.
// RFC 7235 §4.1, RFC 6750 §3; distribution's challenge parser lower-cases scheme and keys.
public struct AuthChallenge: Sendable, Equatable {
    /// Lower-cased: "bearer", "basic", …
    public var scheme: String
    /// Parameter names lower-cased; values unquoted and unescaped.
    public var parameters: [String: String]

    public init(scheme: String, parameters: [String: String] = [:]) {
        self.scheme = scheme.lowercased()
        self.parameters = parameters
    }

    public var realm: String? { parameters["realm"] }
    public var service: String? { parameters["service"] }
    /// Every scope of the `scope` parameter (several are separated by spaces in one parameter).
    public var scopes: [String] { parameters["scope"]?.split(separator: " ").map(String.init) ?? [] }
    /// `invalid_token` or `insufficient_scope` when the registry rejected the token it was sent.
    public var error: String? { parameters["error"] }

    /// Parses every challenge of every header value. Unparseable text is skipped, not fatal:
    /// a registry that also offers `Negotiate` must not stop us from using its Bearer challenge.
    public static func parse(headers: [String]) -> [AuthChallenge] {
        headers.flatMap(parse(header:))
    }

    /// Parses one header value, which may hold several comma-separated challenges.
    public static func parse(header: String) -> [AuthChallenge] {
        var scanner = ChallengeScanner(Array(header.utf8))
        var challenges: [AuthChallenge] = []
        while true {
            scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: ",") }
            guard let scheme = scanner.token() else { break }
            var challenge = AuthChallenge(scheme: scheme)
            while true {
                scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                let mark = scanner.position
                guard let name = scanner.token() else { break }
                scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                guard scanner.consume(UInt8(ascii: "=")) else {
                    // A bare token: the next challenge's scheme (or token68 data we don't use).
                    scanner.position = mark
                    break
                }
                scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                let value = scanner.quotedString() ?? scanner.token() ?? ""
                challenge.parameters[name.lowercased()] = value
                scanner.skip { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                if !scanner.consume(UInt8(ascii: ",")) { break }
            }
            challenges.append(challenge)
            if scanner.atEnd { break }
        }
        return challenges
    }
}

/// A byte cursor over a header value with the token and quoted-string rules of RFC 7230 §3.2.6.
struct ChallengeScanner {
    let bytes: [UInt8]
    var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { position >= bytes.count }

    mutating func skip(while predicate: (UInt8) -> Bool) {
        while position < bytes.count, predicate(bytes[position]) { position += 1 }
    }

    mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    /// tchar: any visible ASCII except separators; also accepts token68's '/', '+', '='-free forms.
    mutating func token() -> String? {
        let start = position
        let separators = Array("()<>@,;:\\\"/[]?={} \t".utf8)
        while position < bytes.count, bytes[position] > 0x20, bytes[position] < 0x7f, !separators.contains(bytes[position]) {
            position += 1
        }
        return position > start ? String(decoding: bytes[start..<position], as: UTF8.self) : nil
    }

    mutating func quotedString() -> String? {
        guard consume(UInt8(ascii: "\"")) else { return nil }
        var value: [UInt8] = []
        while position < bytes.count {
            let byte = bytes[position]
            position += 1
            if byte == UInt8(ascii: "\\"), position < bytes.count {
                value.append(bytes[position])
                position += 1
            } else if byte == UInt8(ascii: "\"") {
                return String(decoding: value, as: UTF8.self)
            } else {
                value.append(byte)
            }
        }
        return String(decoding: value, as: UTF8.self)
    }
}
