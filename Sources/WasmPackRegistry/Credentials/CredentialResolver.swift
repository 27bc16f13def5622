/// Finds credentials for a registry from the sources a user may already have set up, in order:
/// command-line flags, WASMPACK_USERNAME/WASMPACK_PASSWORD, Docker's config (helpers, then
/// `auths`), then the containers auth files of podman/skopeo/buildah.
// registry-auth.md §3 "Suggested lookup order" (as ggcr and oras do). Azure's automatic sign-in
// and anonymous access come after this and are the caller's.
public struct CredentialResolver: Sendable {
    public static let usernameVariable = "WASMPACK_USERNAME"
    public static let passwordVariable = "WASMPACK_PASSWORD"

    public var environment: [String: String]
    public var helpers: CredentialHelperRunner

    public init(environment: [String: String], helpers: CredentialHelperRunner? = nil) {
        self.environment = environment
        self.helpers = helpers ?? CredentialHelperRunner(environment: environment)
    }

    /// `explicit` is what the flags gave (already resolved by the CLI) and wins as is. nil when no
    /// source has anything for `host`.
    public func resolve(host: String, repository: String, explicit: RegistryCredentials?) throws(CredentialError) -> ResolvedCredentials? {
        if let explicit { return ResolvedCredentials(credentials: explicit, source: "command line") }
        if let fromEnvironment = try environmentCredentials() { return fromEnvironment }
        let docker = try DockerConfig.load(path: DockerConfig.defaultPath(environment: environment))
        if let fromDocker = try docker.credentials(for: host, helpers: helpers) { return fromDocker }
        let override = environment["REGISTRY_AUTH_FILE"].flatMap { $0.isEmpty ? nil : $0 }
        for path in ContainersAuthFile.defaultPaths(environment: environment) {
            let file: ContainersAuthFile
            do {
                file = try ContainersAuthFile.load(path: path)
            } catch {
                // podman's runtime directory may exist but belong to another user; a push that
                // needs no podman login must not fail over it. A file the user named still must be readable.
                guard case .unreadableFile = error, path != override else { throw error }
                continue
            }
            if let found = file.credentials(host: host, repository: repository) { return found }
        }
        return nil
    }

    /// Both variables, or neither: one without the other is a mistake worth reporting rather
    /// than silently falling through to another identity.
    private func environmentCredentials() throws(CredentialError) -> ResolvedCredentials? {
        let username = environment[Self.usernameVariable].flatMap { $0.isEmpty ? nil : $0 }
        let password = environment[Self.passwordVariable].flatMap { $0.isEmpty ? nil : $0 }
        switch (username, password) {
        case (let username?, let password?):
            return ResolvedCredentials(credentials: .basic(username: username, password: password), source: "environment")
        case (.some, nil):
            throw .incompleteEnvironment(set: Self.usernameVariable, missing: Self.passwordVariable)
        case (nil, .some):
            throw .incompleteEnvironment(set: Self.passwordVariable, missing: Self.usernameVariable)
        case (nil, nil):
            return nil
        }
    }
}
