/// Credentials and the source that gave them.
public struct ResolvedCredentials: Sendable, Equatable {
    public var credentials: RegistryCredentials
    /// Which source gave them, for `--verbose`: "docker config /root/.docker/config.json (auths)",
    /// "credential helper docker-credential-desktop", "containers auth file …/auth.json (myreg.io/team)".
    /// Never the secret.
    public var source: String

    public init(credentials: RegistryCredentials, source: String) {
        self.credentials = credentials
        self.source = source
    }
}
