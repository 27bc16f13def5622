import Foundation
import Testing
@testable import WasmPackRegistry

@Suite("Docker config.json: auths, key spellings, credHelpers and credsStore")
struct DockerConfigTests {
    @Test func defaultPathPrefersDockerConfigOverHome() {
        #expect(DockerConfig.defaultPath(environment: ["DOCKER_CONFIG": "/cfg", "HOME": "/home/me"]) == "/cfg/config.json")
        #expect(DockerConfig.defaultPath(environment: ["HOME": "/home/me"]) == "/home/me/.docker/config.json")
        #expect(DockerConfig.defaultPath(environment: ["DOCKER_CONFIG": "", "HOME": "/home/me"]) == "/home/me/.docker/config.json")
    }

    @Test(arguments: ["https://myreg.io/v1/", "http://myreg.io", "myreg.io/v2/", "myreg.io", "https://MyReg.io"])
    func everyKeySpellingDockerAcceptsFindsTheHost(key: String) throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.writeDockerConfig(#"{"auths":{"\#(key)":{"auth":"\#(CredentialSandbox.auth("alice", "s3cret"))"}}}"#)
        let config = try DockerConfig.load(path: sandbox.dockerConfigPath)
        #expect(config.authEntry(for: "myreg.io")?.key == key)
        let found = try config.credentials(for: "myreg.io", helpers: CredentialHelperRunner(environment: sandbox.environment))
        #expect(found == ResolvedCredentials(
            credentials: .basic(username: "alice", password: "s3cret"), source: "docker config \(sandbox.dockerConfigPath) (auths)"))
    }

    @Test(arguments: ["https://index.docker.io/v1/", "index.docker.io", "docker.io"], ["docker.io", "index.docker.io", "registry-1.docker.io"])
    func dockerHubMatchesEachOfItsNames(key: String, host: String) {
        let config = DockerConfig(path: "/x", auths: [key: AuthEntry(key: key, username: "u", password: "p")])
        #expect(config.authEntry(for: host)?.key == key)
    }

    @Test func theKeyDockerWritesBeatsOtherSpellingsAndPortsAreDistinct() {
        let auths = ["myreg.io/v2/", "https://myreg.io/v1/", "myreg.io", "myreg.io:5000"].map { AuthEntry(key: $0, username: $0, password: "p") }
        let config = DockerConfig(path: "/x", auths: Dictionary(uniqueKeysWithValues: auths.map { ($0.key, $0) }))
        #expect(config.authEntry(for: "myreg.io")?.key == "myreg.io")
        #expect(config.authEntry(for: "myreg.io:5000")?.key == "myreg.io:5000")
        #expect(config.authEntry(for: "other.io") == nil)
        let hub = DockerConfig(path: "/x", auths: [
            "docker.io": AuthEntry(key: "docker.io", username: "a", password: "p"),
            "https://index.docker.io/v1/": AuthEntry(key: "https://index.docker.io/v1/", username: "b", password: "p"),
        ])
        #expect(hub.authEntry(for: "docker.io")?.username == "b")
    }

    @Test(arguments: [
        (#"{"auth":"\#(CredentialSandbox.auth("alice", "pw"))"}"#, RegistryCredentials.basic(username: "alice", password: "pw")),
        (#"{"username":"bob","password":"legacy"}"#, .basic(username: "bob", password: "legacy")),
        (#"{"auth":"\#(CredentialSandbox.auth("carol", ""))","identitytoken":"refresh"}"#, .identityToken(username: "carol", token: "refresh")),
        (#"{"identitytoken":"refresh"}"#, .identityToken(username: nil, token: "refresh")),
        (#"{"registrytoken":"bearer"}"#, .registryToken("bearer")),
        (#"{"auth":"\#(CredentialSandbox.auth("dave", "a:b:c"))"}"#, .basic(username: "dave", password: "a:b:c")),
        (#"{"auth":"\#(CredentialSandbox.auth("erin", "pw\0\0"))"}"#, .basic(username: "erin", password: "pw")),
    ])
    func eachKindOfEntryBecomesItsCredentials(entry: String, expected: RegistryCredentials) throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.writeDockerConfig(#"{"auths":{"myreg.io":\#(entry)}}"#)
        let found = try DockerConfig.load(path: sandbox.dockerConfigPath)
            .credentials(for: "myreg.io", helpers: CredentialHelperRunner(environment: sandbox.environment))
        #expect(found?.credentials == expected)
    }

    @Test func emptyEntriesAndMissingFilesGiveNothing() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let helpers = CredentialHelperRunner(environment: sandbox.environment)
        #expect(try DockerConfig.load(path: sandbox.dockerConfigPath).credentials(for: "myreg.io", helpers: helpers) == nil)
        try sandbox.writeDockerConfig("")
        #expect(try DockerConfig.load(path: sandbox.dockerConfigPath).credentials(for: "myreg.io", helpers: helpers) == nil)
        try sandbox.writeDockerConfig(#"{"auths":{"myreg.io":{}}}"#)
        #expect(try DockerConfig.load(path: sandbox.dockerConfigPath).credentials(for: "myreg.io", helpers: helpers) == nil)
    }

    @Test func invalidJSONNamesTheFileButNotItsContents() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.writeDockerConfig(#"{"auths":{"myreg.io":{"password":"hunter2-secret",}}"#)
        let error = #expect(throws: CredentialError.self) { try DockerConfig.load(path: sandbox.dockerConfigPath) }
        #expect(error == .invalidFile(path: sandbox.dockerConfigPath, reason: "it is not valid JSON"))
        #expect(error?.description.contains(sandbox.dockerConfigPath) == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test(arguments: [Data("no-colon-hunter2".utf8).base64EncodedString(), "!!not base64 hunter2", CredentialSandbox.auth("", "hunter2")])
    func undecodableAuthNamesFileAndKeyButNotTheSecret(auth: String) throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.writeDockerConfig(#"{"auths":{"myreg.io":{"auth":"\#(auth)"}}}"#)
        let error = #expect(throws: CredentialError.self) { try DockerConfig.load(path: sandbox.dockerConfigPath) }
        guard case .invalidAuthEntry(let path, let key, _) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(path == sandbox.dockerConfigPath && key == "myreg.io")
        #expect(error?.description.contains("hunter2") == false)
        #expect(error?.description.contains(auth) == false)
    }

    @Test func credHelpersBeatsCredsStoreBeatsAuths() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let perHost = try sandbox.installHelper(named: "perhost")
        let store = try sandbox.installHelper(named: "store")
        try perHost.holds(serverURL: "myreg.io", username: "from-credhelpers", secret: "a")
        try store.holds(serverURL: "myreg.io", username: "from-credsstore", secret: "b")
        try store.holds(serverURL: "other.io", username: "from-credsstore", secret: "c")
        try sandbox.writeDockerConfig(#"""
            {"credHelpers":{"myreg.io":"perhost"},"credsStore":"store",
             "auths":{"myreg.io":{"auth":"\#(CredentialSandbox.auth("from-auths", "d"))"},
                      "third.io":{"auth":"\#(CredentialSandbox.auth("from-auths", "e"))"}}}
            """#)
        let config = try DockerConfig.load(path: sandbox.dockerConfigPath)
        let helpers = CredentialHelperRunner(environment: sandbox.environment)

        let mine = try config.credentials(for: "myreg.io", helpers: helpers)
        #expect(mine == ResolvedCredentials(credentials: .basic(username: "from-credhelpers", password: "a"), source: "credential helper docker-credential-perhost"))
        let other = try config.credentials(for: "other.io", helpers: helpers)
        #expect(other == ResolvedCredentials(credentials: .basic(username: "from-credsstore", password: "c"), source: "credential helper docker-credential-store"))
        // The store has nothing for third.io: the plain entry written beside it still counts.
        let third = try config.credentials(for: "third.io", helpers: helpers)
        #expect(third?.credentials == .basic(username: "from-auths", password: "e"))
        #expect(third?.source == "docker config \(sandbox.dockerConfigPath) (auths)")
    }

    @Test func dockerHubAsksTheHelperForDockersOwnKey() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let helper = try sandbox.installHelper(named: "test")
        try helper.holds(serverURL: "https://index.docker.io/v1/", username: "<token>", secret: "refresh")
        let config = DockerConfig(path: sandbox.dockerConfigPath, credsStore: "test")
        let found = try config.credentials(for: "docker.io", helpers: CredentialHelperRunner(environment: sandbox.environment))
        #expect(found?.credentials == .identityToken(username: nil, token: "refresh"))
    }

    @Test func aMissingCredsStoreHelperNamesItAndTheSettingToRemove() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.writeDockerConfig(#"{"credsStore":"desktop"}"#)
        let config = try DockerConfig.load(path: sandbox.dockerConfigPath)
        let error = #expect(throws: CredentialError.self) {
            try config.credentials(for: "myreg.io", helpers: CredentialHelperRunner(environment: sandbox.environment))
        }
        #expect(error == .helperNotFound(helper: "docker-credential-desktop", configuredBy: "\"credsStore\" from \(sandbox.dockerConfigPath)"))
        #expect(error?.description.contains("docker-credential-desktop") == true)
        #expect(error?.description.contains("install it on PATH, or remove \"credsStore\"") == true)
    }

    @Test func wrongTypesForKnownKeysAreReported() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        for json in [#"{"auths":[]}"#, #"{"credsStore":1}"#, #"{"credHelpers":{"a":true}}"#, "[]"] {
            try sandbox.writeDockerConfig(json)
            #expect(throws: CredentialError.self) { try DockerConfig.load(path: sandbox.dockerConfigPath) }
        }
    }
}
