import Foundation
import Testing
@testable import WasmPackRegistry

@Suite("containers auth.json: paths and namespaced keys")
struct ContainersAuthFileTests {
    @Test func registryAuthFileOverridesTheDefaultPaths() {
        #expect(ContainersAuthFile.defaultPaths(environment: ["REGISTRY_AUTH_FILE": "/ci/auth.json", "XDG_RUNTIME_DIR": "/run/user/1"]) == ["/ci/auth.json"])
    }

    @Test func runtimeFileComesBeforeThePersistentFallback() {
        #expect(ContainersAuthFile.defaultPaths(environment: ["XDG_RUNTIME_DIR": "/run/user/1", "XDG_CONFIG_HOME": "/cfg", "HOME": "/home/me"])
            == ["/run/user/1/containers/auth.json", "/cfg/containers/auth.json"])
        #expect(ContainersAuthFile.defaultPaths(environment: ["XDG_RUNTIME_DIR": "/run/user/1", "HOME": "/home/me"])
            == ["/run/user/1/containers/auth.json", "/home/me/.config/containers/auth.json"])
        #expect(ContainersAuthFile.defaultPaths(environment: ["HOME": "/home/me"])
            == ["/run/containers/\(getuid())/auth.json", "/home/me/.config/containers/auth.json"])
    }

    static let namespaced = #"""
        {"auths":{
          "myreg.io":{"auth":"\#(CredentialSandbox.auth("host", "1"))"},
          "myreg.io/team":{"auth":"\#(CredentialSandbox.auth("team", "2"))"},
          "myreg.io/team/app":{"auth":"\#(CredentialSandbox.auth("app", "3"))"},
          "myreg.io/empty":{},
          "docker.io/library":{"identitytoken":"hub-token"},
          "https://legacy.io/v1/":{"auth":"\#(CredentialSandbox.auth("legacy", "4"))"}
        }}
        """#

    @Test(arguments: [
        ("myreg.io", "team/app", "myreg.io/team/app", "app"),
        ("myreg.io", "team/app/sub", "myreg.io/team/app", "app"),
        ("myreg.io", "team/other", "myreg.io/team", "team"),
        ("myreg.io", "teammates/app", "myreg.io", "host"),
        ("myreg.io", "empty/app", "myreg.io", "host"),
        ("MyReg.io", "team/x", "myreg.io/team", "team"),
        ("legacy.io", "any/thing", "https://legacy.io/v1/", "legacy"),
    ])
    func theMostSpecificKeyThatPrefixesTheRepositoryWins(host: String, repository: String, key: String, username: String) throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let path = try sandbox.write("run/containers/auth.json", Self.namespaced)
        let found = try ContainersAuthFile.load(path: path).credentials(host: host, repository: repository)
        #expect(found?.source == "containers auth file \(path) (\(key))")
        guard case .basic(let user, _) = found?.credentials else { Issue.record("expected basic credentials, got \(String(describing: found))"); return }
        #expect(user == username)
    }

    @Test func dockerHubNamesFoldAndUnknownHostsFindNothing() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let file = try ContainersAuthFile.load(path: sandbox.write("auth.json", Self.namespaced))
        #expect(file.credentials(host: "index.docker.io", repository: "library/nginx")?.credentials == .identityToken(username: nil, token: "hub-token"))
        #expect(file.credentials(host: "docker.io", repository: "someone/app") == nil)
        #expect(file.credentials(host: "elsewhere.io", repository: "team/app") == nil)
        #expect(try ContainersAuthFile.load(path: sandbox.root + "/missing.json").auths.isEmpty)
    }

    @Test func invalidFilesAreErrorsNamingThem() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let path = try sandbox.write("auth.json", "{not json")
        #expect(throws: CredentialError.invalidFile(path: path, reason: "it is not valid JSON")) { try ContainersAuthFile.load(path: path) }
    }
}
