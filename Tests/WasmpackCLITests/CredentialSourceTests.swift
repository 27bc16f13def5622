import Foundation
import Testing
import WasmPackTestSupport

/// Every place credentials come from, through the real CLI against a token-auth registry, in a
/// temporary home so nothing of the machine's own configuration takes part.
@Suite("Credential sources", .enabled(if: TestRegistry.isAvailable))
struct CredentialSourceTests {
    let cli = Wasmpack()

    /// A clean home: HOME, DOCKER_CONFIG, XDG_RUNTIME_DIR and a bin folder first on PATH.
    struct Home {
        let root: String
        var docker: String { root + "/docker" }
        var bin: String { root + "/bin" }
        var environment: [String: String] {
            ["HOME": root, "DOCKER_CONFIG": docker, "XDG_RUNTIME_DIR": root + "/run",
             "PATH": bin + ":/usr/bin:/bin", "REGISTRY_AUTH_FILE": root + "/none/auth.json"]
        }

        init(_ cli: Wasmpack) throws {
            root = try cli.temporaryDirectory()
            for folder in [docker, bin, root + "/run/containers"] {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }

        func writeDockerConfig(_ json: [String: Any]) throws {
            let data = try JSONSerialization.data(withJSONObject: json)
            try data.write(to: URL(fileURLWithPath: docker + "/config.json"))
        }
    }

    func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }

    /// Pushes a testdata app with --verbose, then pulls it back with the same home; fails the test
    /// on a non-zero exit and returns the push's output (its stderr names the credential source).
    func push(_ registry: String, _ repository: String, home: Home, extra: [String] = [], environment: [String: String] = [:]) throws -> Wasmpack.Run {
        let env = home.environment.merging(environment) { $1 }
        let run = try cli.run(["push", "\(registry)/\(repository):v1", "v1-wagi", "--verbose"] + extra, environment: env)
        #expect(run.status == 0, "\(run.stderr)")
        let pull = try cli.run(["pull", "\(registry)/\(repository):v1", "-o", try cli.temporaryDirectory() + "/p"] + extra, environment: env)
        #expect(pull.status == 0, "pull: \(pull.stderr)")
        #expect(pull.stdout == run.stdout)
        return run
    }

    /// A refresh token from the token service, the way `docker login` gets one.
    func refreshToken(_ registry: TestRegistry) throws -> String {
        let form = "grant_type=password&username=\(registry.username!)&password=\(registry.password!)&service=\(TestRegistry.tokenServiceName)&client_id=tests&access_type=offline"
        let answer = try ExternalCommand.run("/usr/bin/curl", ["-sS", "-f", "-X", "POST", "--data", form, registry.tokenRealm!])
        let json = try JSONSerialization.jsonObject(with: answer.output) as? [String: Any]
        return try #require(json?["refresh_token"] as? String)
    }

    @Test func dockerConfigAuthsInEverySpelling() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let pair = base64("\(registry.username!):\(registry.password!)")
        for (index, key) in ["https://\(registry.host)/v1/", "http://\(registry.host)", "\(registry.host)/v2/", registry.host].enumerated() {
            let home = try Home(cli)
            try home.writeDockerConfig(["auths": [key: ["auth": pair]], "currentContext": "default"])
            let run = try push(registry.host, "spell/a\(index)", home: home)
            #expect(run.stderr.contains("docker config"), "\(run.stderr)")
            #expect(!run.stderr.contains(registry.password!))
        }
        let home = try Home(cli)
        try home.writeDockerConfig(["auths": [registry.host: ["username": registry.username!, "password": registry.password!]]])
        _ = try push(registry.host, "spell/fields", home: home)
    }

    @Test func identityAndRegistryTokensFromDockerConfig() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let refresh = try refreshToken(registry)
        let home = try Home(cli)
        try home.writeDockerConfig(["auths": [registry.host: ["auth": base64("\(registry.username!):"), "identitytoken": refresh]]])
        let run = try push(registry.host, "identity/app", home: home)
        #expect(!run.stderr.contains(refresh))

        // A registry token is sent as Bearer as it is: make one for this repository.
        let query = "service=\(TestRegistry.tokenServiceName)&scope=repository:regtoken/app:pull,push"
        let answer = try ExternalCommand.run("/usr/bin/curl", ["-sS", "-f", "-u", "\(registry.username!):\(registry.password!)", "\(registry.tokenRealm!)?\(query)"])
        let token = try #require((try JSONSerialization.jsonObject(with: answer.output) as? [String: Any])?["access_token"] as? String)
        let tokenHome = try Home(cli)
        try tokenHome.writeDockerConfig(["auths": [registry.host: ["registrytoken": token]]])
        let tokenRun = try push(registry.host, "regtoken/app", home: tokenHome)
        #expect(!tokenRun.stderr.contains(token))
    }

    @Test func credentialHelpersAndCredsStore() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let home = try Home(cli)
        _ = try FakeTools.writeCredentialHelper(into: home.bin, name: "test", username: registry.username!, secret: registry.password!)
        try home.writeDockerConfig(["credHelpers": [registry.host: "test"]])
        let run = try push(registry.host, "helper/app", home: home)
        #expect(run.stderr.contains("docker-credential-test"), "\(run.stderr)")

        let storeHome = try Home(cli)
        _ = try FakeTools.writeCredentialHelper(into: storeHome.bin, name: "test", username: registry.username!, secret: registry.password!)
        try storeHome.writeDockerConfig(["credsStore": "test"])
        _ = try push(registry.host, "store/app", home: storeHome)
    }

    @Test func containersAuthFileWithNamespaces() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let home = try Home(cli)
        let good = base64("\(registry.username!):\(registry.password!)")
        let bad = base64("\(registry.username!):wrong")
        let file = home.root + "/auth.json"
        let json: [String: Any] = ["auths": [registry.host: ["auth": bad], "\(registry.host)/team": ["auth": good]]]
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: file))
        let run = try push(registry.host, "team/app", home: home, environment: ["REGISTRY_AUTH_FILE": file])
        #expect(run.stderr.contains("auth.json"), "\(run.stderr)")
    }

    @Test func environmentCredentialsBeatDockerConfig() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let home = try Home(cli)
        try home.writeDockerConfig(["auths": [registry.host: ["auth": base64("\(registry.username!):wrong")]]])
        let run = try push(registry.host, "env/app", home: home,
                           environment: ["WASMPACK_USERNAME": registry.username!, "WASMPACK_PASSWORD": registry.password!])
        #expect(run.stderr.contains("credentials for \(registry.host): environment"), "\(run.stderr)")
    }

    @Test func loginThenPushThenLogoutAndSkopeoReadsTheSameFile() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let home = try Home(cli)
        let login = try cli.run(["login", registry.host, "-u", registry.username!, "--password-stdin"],
                                     environment: home.environment, input: registry.password!)
        #expect(login.status == 0, "\(login.stderr)")
        let attributes = try FileManager.default.attributesOfItem(atPath: home.docker + "/config.json")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        _ = try push(registry.host, "login/app", home: home)

        let inspect = try ExternalCommand.run("/usr/bin/skopeo", [
            "inspect", "--raw", "--tls-verify=false", "--authfile", home.docker + "/config.json", "docker://\(registry.host)/login/app:v1",
        ])
        #expect(inspect.status == 0, "\(inspect.errorOutput)")

        let logout = try cli.run(["logout", registry.host], environment: home.environment)
        #expect(logout.status == 0)
        let after = try cli.run(["push", "\(registry.host)/login/app:v2", "v1-wagi"], environment: home.environment)
        #expect(after.status != 0)
        #expect(after.stderr.contains("no credentials were given"), "\(after.stderr)")
    }

    @Test func loginWithATokenServiceStoresTheRefreshTokenAsDockerDoes() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let home = try Home(cli)
        let login = try cli.run(["login", registry.host, "-u", registry.username!, "--password-stdin"],
                                     environment: home.environment, input: registry.password!)
        #expect(login.status == 0, "\(login.stderr)")
        let config = try String(contentsOfFile: home.docker + "/config.json", encoding: .utf8)
        #expect(config.contains("identitytoken"))
        #expect(!config.contains(registry.password!))
        _ = try push(registry.host, "login/token", home: home)
    }

    @Test func wrongPasswordsAreRefusedBeforeAnythingIsStored() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let home = try Home(cli)
        let login = try cli.run(["login", registry.host, "-u", registry.username!, "--password-stdin"],
                                     environment: home.environment, input: "wrong-password")
        #expect(login.status != 0)
        #expect(login.stderr.contains("was refused"), "\(login.stderr)")
        #expect(!FileManager.default.fileExists(atPath: home.docker + "/config.json"))
        let noTerminal = try cli.run(["login", registry.host], environment: home.environment)
        #expect(noTerminal.status != 0)
        #expect(noTerminal.stderr.contains("no terminal"), "\(noTerminal.stderr)")
    }
}
