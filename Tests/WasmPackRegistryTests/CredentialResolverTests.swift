import Foundation
import Testing
@testable import WasmPackRegistry

@Suite("Credential lookup order: flags, environment, Docker, containers")
struct CredentialResolverTests {
    /// Every source has something different for myreg.io/team/app.
    private func sandboxWithEverySource() throws -> CredentialSandbox {
        var sandbox = try CredentialSandbox()
        sandbox.environment["WASMPACK_USERNAME"] = "env-user"
        sandbox.environment["WASMPACK_PASSWORD"] = "env-pw"
        try sandbox.writeDockerConfig(#"{"auths":{"myreg.io":{"auth":"\#(CredentialSandbox.auth("docker-user", "pw"))"}}}"#)
        try sandbox.write("run/containers/auth.json", #"{"auths":{"myreg.io/team":{"auth":"\#(CredentialSandbox.auth("podman-user", "pw"))"}}}"#)
        return sandbox
    }

    @Test func flagsBeatEnvironmentBeatsDockerBeatsContainers() throws {
        var sandbox = try sandboxWithEverySource()
        defer { sandbox.remove() }
        func resolve(_ explicit: RegistryCredentials? = nil) throws -> ResolvedCredentials? {
            try CredentialResolver(environment: sandbox.environment).resolve(host: "myreg.io", repository: "team/app", explicit: explicit)
        }
        let flags = RegistryCredentials.basic(username: "flag-user", password: "pw")
        #expect(try resolve(flags) == ResolvedCredentials(credentials: flags, source: "command line"))
        #expect(try resolve() == ResolvedCredentials(credentials: .basic(username: "env-user", password: "env-pw"), source: "environment"))

        sandbox.environment["WASMPACK_USERNAME"] = nil
        sandbox.environment["WASMPACK_PASSWORD"] = nil
        #expect(try resolve()?.source == "docker config \(sandbox.dockerConfigPath) (auths)")

        try sandbox.writeDockerConfig("{}")
        #expect(try resolve() == ResolvedCredentials(
            credentials: .basic(username: "podman-user", password: "pw"),
            source: "containers auth file \(sandbox.root)/run/containers/auth.json (myreg.io/team)"))

        try FileManager.default.removeItem(atPath: sandbox.root + "/run/containers/auth.json")
        #expect(try resolve() == nil)
    }

    @Test func registryAuthFileReplacesTheDefaultContainersFiles() throws {
        var sandbox = try sandboxWithEverySource()
        defer { sandbox.remove() }
        sandbox.environment["WASMPACK_USERNAME"] = nil
        sandbox.environment["WASMPACK_PASSWORD"] = nil
        try sandbox.writeDockerConfig("{}")
        let override = try sandbox.write("ci/auth.json", #"{"auths":{"myreg.io":{"auth":"\#(CredentialSandbox.auth("ci-user", "pw"))"}}}"#)
        sandbox.environment["REGISTRY_AUTH_FILE"] = override
        let found = try CredentialResolver(environment: sandbox.environment).resolve(host: "myreg.io", repository: "team/app", explicit: nil)
        #expect(found?.credentials == .basic(username: "ci-user", password: "pw"))
    }

    @Test func thePersistentContainersFileIsTheFallback() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.write("run/containers/auth.json", #"{"auths":{"other.io":{"auth":"\#(CredentialSandbox.auth("runtime", "pw"))"}}}"#)
        try sandbox.write("xdg/containers/auth.json", #"{"auths":{"myreg.io":{"auth":"\#(CredentialSandbox.auth("persistent", "pw"))"}}}"#)
        let found = try CredentialResolver(environment: sandbox.environment).resolve(host: "myreg.io", repository: "app", explicit: nil)
        #expect(found?.credentials == .basic(username: "persistent", password: "pw"))
    }

    @Test(arguments: [("WASMPACK_USERNAME", "WASMPACK_PASSWORD"), ("WASMPACK_PASSWORD", "WASMPACK_USERNAME")])
    func halfOfTheEnvironmentPairIsAnError(set: String, missing: String) throws {
        var sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        sandbox.environment[set] = "hunter2"
        let error = #expect(throws: CredentialError.self) {
            try CredentialResolver(environment: sandbox.environment).resolve(host: "myreg.io", repository: "app", explicit: nil)
        }
        #expect(error == .incompleteEnvironment(set: set, missing: missing))
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func theDockerHelperIsAskedBeforeContainersFiles() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.installHelper(named: "test").holds(serverURL: "myreg.io", username: "<token>", secret: "refresh")
        try sandbox.writeDockerConfig(#"{"credHelpers":{"myreg.io":"test"}}"#)
        try sandbox.write("run/containers/auth.json", #"{"auths":{"myreg.io":{"auth":"\#(CredentialSandbox.auth("podman-user", "pw"))"}}}"#)
        let found = try CredentialResolver(environment: sandbox.environment).resolve(host: "myreg.io", repository: "app", explicit: nil)
        #expect(found == ResolvedCredentials(credentials: .identityToken(username: nil, token: "refresh"), source: "credential helper docker-credential-test"))
    }

    @Test func anUnreadableDefaultContainersFileIsSkippedButANamedOneIsAnError() throws {
        var sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        // A directory where the file should be reads as EISDIR (permissions would not stop root).
        try FileManager.default.createDirectory(atPath: sandbox.root + "/run/containers/auth.json", withIntermediateDirectories: true)
        try sandbox.write("xdg/containers/auth.json", #"{"auths":{"myreg.io":{"auth":"\#(CredentialSandbox.auth("persistent", "pw"))"}}}"#)
        let found = try CredentialResolver(environment: sandbox.environment).resolve(host: "myreg.io", repository: "app", explicit: nil)
        #expect(found?.credentials == .basic(username: "persistent", password: "pw"))

        sandbox.environment["REGISTRY_AUTH_FILE"] = sandbox.root + "/run/containers/auth.json"
        let error = #expect(throws: CredentialError.self) {
            try CredentialResolver(environment: sandbox.environment).resolve(host: "myreg.io", repository: "app", explicit: nil)
        }
        guard case .unreadableFile(let path, _) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(path == sandbox.root + "/run/containers/auth.json")
    }
}
