/// Why looking up, saving or removing credentials failed; `description` is the one line the CLI shows.
///
/// Never holds a secret: helper output is not kept (it may carry the password), and config
/// entries are named by file and key only.
public enum CredentialError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A credentials file exists but could not be read (permissions, a directory in the way).
    case unreadableFile(path: String, reason: String)
    /// A credentials file is not JSON, or a key it uses has the wrong type.
    case invalidFile(path: String, reason: String)
    /// An `auths` entry whose `auth` does not decode to `user:password`.
    case invalidAuthEntry(path: String, key: String, reason: String)
    /// `docker-credential-NAME` is not on PATH; `configuredBy` says which setting asked for it.
    case helperNotFound(helper: String, configuredBy: String?)
    /// The helper could not be started at all.
    case helperNotStarted(helper: String, reason: String)
    /// The helper exited non-zero (or was killed, status 128 + signal) for a reason other than "not found".
    case helperFailed(helper: String, action: String, serverURL: String, status: Int32)
    case helperTimedOut(helper: String, action: String, seconds: Double)
    /// `get` exited 0 but did not print `{"ServerURL","Username","Secret"}`.
    case helperInvalidOutput(helper: String, action: String)
    /// Only one of WASMPACK_USERNAME and WASMPACK_PASSWORD is set.
    case incompleteEnvironment(set: String, missing: String)
    /// `save` was given neither a password nor an identity token.
    case missingSecret(host: String)
    /// `save` was given a password without a user name (docker cannot read such an entry back).
    case emptyUsername(host: String)
    /// Creating, writing or replacing a credentials file failed.
    case writeFailed(path: String, operation: String, reason: String)

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .invalidFile(let path, let reason):
            return "\(path) is not a valid credentials file: \(reason); fix or remove it"
        case .invalidAuthEntry(let path, let key, let reason):
            return "the \"auths\" entry \"\(key)\" in \(path) is invalid: \(reason); log in to \(key) again or remove the entry"
        case .helperNotFound(let helper, let configuredBy):
            let fix = configuredBy.map { "install it on PATH, or remove \($0)" }
                ?? "install it on PATH, or remove it from \"credsStore\"/\"credHelpers\" in your Docker config"
            return "credential helper '\(helper)' was not found on PATH; \(fix)"
        case .helperNotStarted(let helper, let reason):
            return "could not run credential helper '\(helper)': \(reason)"
        case .helperFailed(let helper, let action, let serverURL, let status):
            // The helper's own output is left out on purpose: it may contain the secret.
            let retry = action == "store"
                ? "check that '\(helper)' works, for example with 'docker login \(serverURL)'"
                : "run 'echo \(serverURL) | \(helper) \(action)' to see its message"
            return "credential helper '\(helper) \(action)' failed with exit status \(status) for \(serverURL); \(retry)"
        case .helperTimedOut(let helper, let action, let seconds):
            return "credential helper '\(helper) \(action)' did not finish within \(Self.format(seconds)) s and was stopped; "
                + "it may be waiting for a keychain to be unlocked"
        case .helperInvalidOutput(let helper, let action):
            return "credential helper '\(helper) \(action)' printed something other than {\"ServerURL\",\"Username\",\"Secret\"} JSON"
        case .incompleteEnvironment(let set, let missing):
            return "\(set) is set but \(missing) is not; set both, or neither"
        case .missingSecret(let host):
            return "no password or identity token to save for \(host)"
        case .emptyUsername(let host):
            return "a user name is needed to save a password for \(host)"
        case .writeFailed(let path, let operation, let reason):
            return "cannot \(operation) \(path): \(reason)"
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
