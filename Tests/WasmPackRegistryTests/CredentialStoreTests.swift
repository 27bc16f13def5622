import Foundation
import Testing
@testable import WasmPackRegistry

@Suite("wasmpack login/logout storage: config.json and helpers")
struct CredentialStoreTests {
    @Test func aNewConfigIsPrivateAndSoIsItsDirectory() throws {
        var sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        sandbox.environment["DOCKER_CONFIG"] = sandbox.root + "/fresh/docker"
        let store = CredentialStore(environment: sandbox.environment)
        let saved = try store.save(host: "myreg.io", username: "alice", password: "pw", identityToken: nil)
        let path = sandbox.root + "/fresh/docker/config.json"
        #expect(saved == .configFile(path))
        #expect(try sandbox.mode(of: path) == 0o600)
        #expect(try sandbox.mode(of: sandbox.root + "/fresh/docker") == 0o700)
        #expect(try sandbox.jsonObject(path) == ["auths": ["myreg.io": ["auth": CredentialSandbox.auth("alice", "pw")]]] as NSDictionary)
    }

    @Test func anExistingConfigKeepsEveryOtherKeyAndItsMode() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let original = #"""
            {
              "auths": {
                "other.io": {"auth": "\#(CredentialSandbox.auth("bob", "x"))", "email": "bob@example.com"},
                "https://index.docker.io/v1/": {},
                "myreg.io": {"auth": "\#(CredentialSandbox.auth("old", "old"))", "identitytoken": "stale"}
              },
              "proxies": {"default": {"httpProxy": "http://proxy:3128", "noProxy": "*.local,169.254/16"}},
              "currentContext": "desktop-linux",
              "experimental": "enabled",
              "features": {"buildkit": true, "containerd-snapshotter": false},
              "detachKeys": "ctrl-e,e",
              "plugins": {"-x-cli-hints": {"enabled": "true"}},
              "aliases": ["a", 1, null],
              "numbers": [1.5, -0.25, 12345678901234567890, 0],
              "text": "caf\u00e9 \ud83d\ude80 / \"quoted\""
            }
            """#
        let path = try sandbox.writeDockerConfig(original)
        chmod(path, 0o640)
        let before = try sandbox.jsonObject(path)

        _ = try CredentialStore(environment: sandbox.environment).save(host: "myreg.io", username: "alice", password: "pw", identityToken: nil)

        let after = try sandbox.jsonObject(path)
        let expected = before.mutableCopy() as! NSMutableDictionary
        let auths = (before["auths"] as! NSDictionary).mutableCopy() as! NSMutableDictionary
        auths["myreg.io"] = ["auth": CredentialSandbox.auth("alice", "pw")]
        expected["auths"] = auths
        #expect(after == expected)
        #expect(try sandbox.mode(of: path) == 0o640)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: sandbox.root + "/docker")
        #expect(leftovers == ["config.json"])
    }

    @Test func anIdentityTokenIsStoredWithAnEmptyPasswordAsDockerDoes() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let store = CredentialStore(environment: sandbox.environment)
        _ = try store.save(host: "myreg.azurecr.io", username: "00000000-0000-0000-0000-000000000000", password: "ignored", identityToken: "refresh")
        let entry = (try sandbox.jsonObject(sandbox.dockerConfigPath)["auths"] as! NSDictionary)["myreg.azurecr.io"] as! NSDictionary
        #expect(entry == ["auth": CredentialSandbox.auth("00000000-0000-0000-0000-000000000000", ""), "identitytoken": "refresh"] as NSDictionary)
    }

    @Test(arguments: [
        ("myreg.io", "alice", "pw", nil, RegistryCredentials.basic(username: "alice", password: "pw")),
        ("docker.io", "bob", "p:w", nil, .basic(username: "bob", password: "p:w")),
        ("localhost:5000", "carol", "pw", nil, .basic(username: "carol", password: "pw")),
        ("myreg.azurecr.io", "dave", nil, "refresh", .identityToken(username: "dave", token: "refresh")),
        ("myreg.azurecr.io", "", nil, "refresh", .identityToken(username: nil, token: "refresh")),
    ] as [(String, String, String?, String?, RegistryCredentials)])
    func whatSaveWritesIsReadBackAsTheSameCredentials(host: String, username: String, password: String?, token: String?, expected: RegistryCredentials) throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        _ = try CredentialStore(environment: sandbox.environment).save(host: host, username: username, password: password, identityToken: token)
        let found = try DockerConfig.load(path: sandbox.dockerConfigPath)
            .credentials(for: host, helpers: CredentialHelperRunner(environment: sandbox.environment))
        #expect(found?.credentials == expected)
    }

    @Test func dockerHubIsSavedUnderDockersOwnKey() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        _ = try CredentialStore(environment: sandbox.environment).save(host: "docker.io", username: "u", password: "p", identityToken: nil)
        let auths = try sandbox.jsonObject(sandbox.dockerConfigPath)["auths"] as! NSDictionary
        #expect(auths.allKeys as? [String] == ["https://index.docker.io/v1/"])
    }

    @Test func saveAndRemoveGoThroughTheConfiguredHelper() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let helper = try sandbox.installHelper(named: "test")
        let config = #"{"credsStore":"test","currentContext":"default"}"#
        try sandbox.writeDockerConfig(config)
        let store = CredentialStore(environment: sandbox.environment)

        #expect(try store.save(host: "myreg.io", username: "alice", password: "pw", identityToken: nil) == .helper("docker-credential-test"))
        #expect(try store.save(host: "docker.io", username: "bob", password: nil, identityToken: "refresh") == .helper("docker-credential-test"))
        #expect(try sandbox.read(sandbox.dockerConfigPath) == config)
        let helpers = CredentialHelperRunner(environment: sandbox.environment)
        let docker = try DockerConfig.load(path: sandbox.dockerConfigPath)
        #expect(try docker.credentials(for: "myreg.io", helpers: helpers)?.credentials == .basic(username: "alice", password: "pw"))
        #expect(try docker.credentials(for: "docker.io", helpers: helpers)?.credentials == .identityToken(username: nil, token: "refresh"))

        #expect(try store.remove(host: "myreg.io") == .helper("docker-credential-test"))
        #expect(try store.remove(host: "myreg.io") == nil)
        #expect(try docker.credentials(for: "myreg.io", helpers: helpers) == nil)
        #expect(helper.log == ["store myreg.io", "store https://index.docker.io/v1/", "erase myreg.io"])
    }

    @Test func credHelpersForTheHostBeatsCredsStoreWhenSaving() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let perHost = try sandbox.installHelper(named: "perhost")
        let general = try sandbox.installHelper(named: "general")
        try sandbox.writeDockerConfig(#"{"credsStore":"general","credHelpers":{"myreg.io":"perhost"}}"#)
        let saved = try CredentialStore(environment: sandbox.environment).save(host: "myreg.io", username: "a", password: "p", identityToken: nil)
        #expect(saved == .helper("docker-credential-perhost"))
        #expect(perHost.log == ["store myreg.io"])
        #expect(general.log.isEmpty)
    }

    @Test func removeDropsEverySpellingOfTheHostAndKeepsTheRest() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let auth = CredentialSandbox.auth("u", "p")
        try sandbox.writeDockerConfig(#"""
            {"auths":{"myreg.io":{"auth":"\#(auth)"},"https://myreg.io/v1/":{"auth":"\#(auth)"},"other.io":{"auth":"\#(auth)"}},
             "proxies":{"default":{"httpProxy":"http://p:1"}}}
            """#)
        let store = CredentialStore(environment: sandbox.environment)
        #expect(try store.remove(host: "myreg.io") == .configFile(sandbox.dockerConfigPath))
        #expect(try sandbox.jsonObject(sandbox.dockerConfigPath) == [
            "auths": ["other.io": ["auth": auth]], "proxies": ["default": ["httpProxy": "http://p:1"]],
        ] as NSDictionary)
        #expect(try store.remove(host: "myreg.io") == nil)
    }

    @Test func removingAnUnknownHostReturnsNilAndCreatesNothing() throws {
        var sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        sandbox.environment["DOCKER_CONFIG"] = sandbox.root + "/absent"
        #expect(try CredentialStore(environment: sandbox.environment).remove(host: "myreg.io") == nil)
        #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/absent"))
        sandbox.environment["DOCKER_CONFIG"] = sandbox.root + "/docker"
        let original = #"{"auths":{"other.io":{}}}"#
        try sandbox.writeDockerConfig(original)
        #expect(try CredentialStore(environment: sandbox.environment).remove(host: "myreg.io") == nil)
        #expect(try sandbox.read(sandbox.dockerConfigPath) == original)
    }

    @Test func aSymlinkedConfigIsWrittenThrough() throws {
        var sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let real = try sandbox.write("dotfiles/docker-config.json", #"{"currentContext":"x"}"#)
        try FileManager.default.createSymbolicLink(atPath: sandbox.root + "/docker/config.json", withDestinationPath: real)
        sandbox.environment["DOCKER_CONFIG"] = sandbox.root + "/docker"
        _ = try CredentialStore(environment: sandbox.environment).save(host: "myreg.io", username: "u", password: "p", identityToken: nil)
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: sandbox.dockerConfigPath) == real)
        #expect(try sandbox.jsonObject(real)["currentContext"] as? String == "x")
    }

    @Test func savingNeedsASecretAndAPasswordNeedsAUser() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let store = CredentialStore(environment: sandbox.environment)
        #expect(throws: CredentialError.missingSecret(host: "myreg.io")) {
            try store.save(host: "myreg.io", username: "u", password: nil, identityToken: nil)
        }
        #expect(throws: CredentialError.emptyUsername(host: "myreg.io")) {
            try store.save(host: "myreg.io", username: "", password: "p", identityToken: nil)
        }
        #expect(!FileManager.default.fileExists(atPath: sandbox.dockerConfigPath))
    }

    @Test func aBrokenEntryDoesNotBlockLoggingInAgain() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.writeDockerConfig(#"{"auths":{"myreg.io":{"auth":"not-base64!"}}}"#)
        _ = try CredentialStore(environment: sandbox.environment).save(host: "myreg.io", username: "u", password: "p", identityToken: nil)
        let found = try DockerConfig.load(path: sandbox.dockerConfigPath)
            .credentials(for: "myreg.io", helpers: CredentialHelperRunner(environment: sandbox.environment))
        #expect(found?.credentials == .basic(username: "u", password: "p"))
    }
}
