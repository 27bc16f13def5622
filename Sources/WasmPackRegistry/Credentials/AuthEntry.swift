#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// One `auths` entry of a Docker config or containers auth file, with `auth` already decoded.
// docker/cli cli/config/types/authconfig.go; decodeAuth in cli/config/configfile/file.go.
public struct AuthEntry: Sendable, Equatable {
    /// The key as written in the file (`https://myreg.io/v1/`, `myreg.io`, `myreg.io/team`).
    public var key: String
    /// From `auth` when present, else the legacy `username` field.
    public var username: String?
    /// From `auth` when present, else the legacy `password` field.
    public var password: String?
    /// `identitytoken`: an OAuth2 refresh token.
    public var identityToken: String?
    /// `registrytoken`: a bearer token sent to the registry as is.
    public var registryToken: String?

    public init(key: String, username: String? = nil, password: String? = nil, identityToken: String? = nil, registryToken: String? = nil) {
        self.key = key
        self.username = username
        self.password = password
        self.identityToken = identityToken
        self.registryToken = registryToken
    }

    /// What the entry lets wasmpack present, or nil for an entry without a secret (docker leaves
    /// `{}` behind for hosts whose secret lives in a helper). A token beats a password: docker
    /// writes `auth` as "user:" beside an identity token.
    public var credentials: RegistryCredentials? {
        if let identityToken, !identityToken.isEmpty {
            return .identityToken(username: username.flatMap { $0.isEmpty ? nil : $0 }, token: identityToken)
        }
        if let registryToken, !registryToken.isEmpty { return .registryToken(registryToken) }
        if let username, !username.isEmpty, let password, !password.isEmpty {
            return .basic(username: username, password: password)
        }
        return nil
    }

    /// Reads one entry; `path` only names the file in errors.
    init(key: String, json: Any, path: String) throws(CredentialError) {
        guard let fields = json as? [String: Any] else {
            throw .invalidAuthEntry(path: path, key: key, reason: "it is not a JSON object")
        }
        func string(_ name: String) throws(CredentialError) -> String? {
            guard let value = fields[name], !(value is JSONNull) else { return nil }
            guard let text = value as? String else {
                throw .invalidAuthEntry(path: path, key: key, reason: "\"\(name)\" is not a string")
            }
            return text
        }
        self.init(
            key: key, username: try string("username"), password: try string("password"),
            identityToken: try string("identitytoken"), registryToken: try string("registrytoken"))
        if let auth = try string("auth"), !auth.isEmpty {
            (username, password) = try Self.decode(auth: auth, key: key, path: path)
        }
    }

    /// `base64(user:password)`, split at the first colon; trailing NULs trimmed from the password
    /// and an empty user name refused, as docker does.
    private static func decode(auth: String, key: String, path: String) throws(CredentialError) -> (String, String) {
        let trimmed = auth.trimmedWhitespaceAndNewlines
        guard let data = Data(base64Encoded: trimmed) ?? Data(base64Encoded: padded(trimmed)),
              let text = String(data: data, encoding: .utf8)
        else { throw .invalidAuthEntry(path: path, key: key, reason: "\"auth\" is not base64 of UTF-8 text") }
        guard let colon = text.firstIndex(of: ":") else {
            throw .invalidAuthEntry(path: path, key: key, reason: "\"auth\" has no ':' between user name and password")
        }
        let username = String(text[..<colon])
        guard !username.isEmpty else { throw .invalidAuthEntry(path: path, key: key, reason: "\"auth\" has an empty user name") }
        var password = Substring(text[text.index(after: colon)...])
        while password.last == "\0" { password = password.dropLast() }
        return (username, String(password))
    }

    private static func padded(_ base64: String) -> String {
        base64 + String(repeating: "=", count: (4 - base64.count % 4) % 4)
    }

    /// The entry docker writes on login: `auth` carries "user:password", or "user:" beside an identity token.
    static func json(username: String, password: String?, identityToken: String?) -> [String: Any] {
        if let identityToken {
            var entry: [String: Any] = ["identitytoken": identityToken]
            if !username.isEmpty { entry["auth"] = Data("\(username):".utf8).base64EncodedString() }
            return entry
        }
        return ["auth": Data("\(username):\(password ?? "")".utf8).base64EncodedString()]
    }
}

extension AuthEntry {
    /// Every entry of the `auths` object of a Docker config or containers auth file.
    static func entries(in object: [String: Any], path: String) throws(CredentialError) -> [String: AuthEntry] {
        var entries: [String: AuthEntry] = [:]
        for (key, json) in try rawEntries(in: object, path: path) { entries[key] = try AuthEntry(key: key, json: json, path: path) }
        return entries
    }

    /// The `auths` object as read, for rewriting one key and keeping the rest exactly.
    static func rawEntries(in object: [String: Any], path: String) throws(CredentialError) -> [String: Any] {
        guard let value = object["auths"], !(value is JSONNull) else { return [:] }
        guard let auths = value as? [String: Any] else { throw .invalidFile(path: path, reason: "\"auths\" is not an object") }
        return auths
    }
}
