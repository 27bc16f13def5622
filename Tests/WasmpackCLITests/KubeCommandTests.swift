import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack kube` and `push --kube` as a user runs them: YAML on stdout (or in the file), pinned
/// to the digest, passing the Kubernetes shape checks; bad input gets one line and no YAML.
@Suite("wasmpack kube")
struct KubeCommandTests {
    let cli = Wasmpack()
    static let v2MultiDigest = "sha256:6d34fe5f27917df86fb5c262812cec66b4356cadc1d45db178263282098f2841"
    static let someDigest = "sha256:" + String(repeating: "0f", count: 32)

    /// A copy of testdata/v2-multi whose spin.toml declares variables (plain, defaulted, secret).
    func appWithVariables() throws -> String {
        let app = try cli.temporaryDirectory() + "/app"
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v2-multi", toPath: app)
        let manifest = try String(contentsOfFile: app + "/spin.toml", encoding: .utf8) + """

            [variables]
            greetee = { default = "world" }
            api_key = { required = true, secret = true }
            """
        try manifest.write(toFile: app + "/spin.toml", atomically: true, encoding: .utf8)
        return app
    }

    func expectValidYAML(_ yaml: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(!yaml.isEmpty, sourceLocation: sourceLocation)
        let problems = try KubernetesShapes.check(yaml: yaml)
        #expect(problems.isEmpty, "\(problems)\n\(yaml)", sourceLocation: sourceLocation)
    }

    @Test func kubeWithALayoutPinsTheLayoutsDigest() throws {
        let work = try cli.temporaryDirectory()
        let build = try cli.run(["build", CommandLineTests.testdata + "/v2-multi", "-o", work + "/layout"])
        #expect(build.status == 0, "\(build.stderr)")
        let kube = try cli.run(["kube", "myreg.azurecr.io/team/app:v1", "--layout", work + "/layout", "--namespace", "web"], in: work)
        #expect(kube.status == 0, "\(kube.stderr)")
        #expect(kube.stdout.contains("image: myreg.azurecr.io/team/app@\(Self.v2MultiDigest)\n"))
        #expect(kube.stdout.contains("runtimeClassName: wasmtime-spin-v2\n"))
        try expectValidYAML(kube.stdout)
        #expect(try KubernetesShapes.documents(yaml: kube.stdout).map(\.kind) == ["RuntimeClass", "Deployment", "Service"])
    }

    @Test func kubeWithADigestNeedsNoRegistryForEveryTargetListed() throws {
        let targets = try cli.run(["targets", "--json"])
        let listed = try JSONSerialization.jsonObject(with: Data(targets.stdout.utf8)) as? [[String: Any]] ?? []
        let names = listed.compactMap { $0["name"] as? String }
        #expect(names.count >= 6)
        let work = try cli.temporaryDirectory()
        for name in names {
            // Port 9 (discard) on loopback: nothing answers, so any request would fail the run.
            let kube = try cli.run(["kube", "127.0.0.1:9/apps/hello@\(Self.someDigest)", "--target", name], in: work)
            #expect(kube.status == 0, "\(name): \(kube.stderr)")
            #expect(kube.stderr.isEmpty, "\(name): \(kube.stderr)")
            #expect(kube.stdout.contains("image: 127.0.0.1:9/apps/hello@\(Self.someDigest)\n"))
            try expectValidYAML(kube.stdout)
        }
        let spinApp = try cli.run(["kube", "127.0.0.1:9/apps/hello@\(Self.someDigest)", "--spinapp", "--runtime-class"], in: work)
        #expect(spinApp.status == 0, "\(spinApp.stderr)")
        try expectValidYAML(spinApp.stdout)
        #expect(try KubernetesShapes.documents(yaml: spinApp.stdout).map(\.kind) == ["RuntimeClass", "SpinAppExecutor", "SpinApp"])
    }

    @Test(.enabled(if: TestRegistry.isAvailable), arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func kubeResolvesATagThroughTheRegistryWithItsCredentials(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let credentials = ["WASMPACK_USERNAME": registry.username!, "WASMPACK_PASSWORD": registry.password!]
        let reference = "\(registry.host)/kube/app:v1"
        let push = try cli.run(["push", reference, CommandLineTests.testdata + "/v2-multi"], environment: credentials)
        #expect(push.status == 0, "\(push.stderr)")
        let app = try appWithVariables()

        let kube = try cli.run(["kube", reference, "--spinapp", "--runtime-class", "--pull-secret", "regcred"], in: app, environment: credentials)
        #expect(kube.status == 0, "\(kube.stderr)")
        #expect(kube.stdout.contains("image: \(registry.host)/kube/app@\(Self.v2MultiDigest)\n"))
        #expect(kube.stdout.contains("- name: api_key\n    valueFrom:\n      secretKeyRef:\n        name: app-variables\n"))
        #expect(kube.stderr.contains("Variables from ./spin.toml: greetee, api_key"))
        try expectValidYAML(kube.stdout)
        #expect(try KubernetesShapes.documents(yaml: kube.stdout).map(\.kind) == ["RuntimeClass", "SpinAppExecutor", "SpinApp"])
        #expect(!(kube.stdout + kube.stderr).contains(registry.password!))

        // The registry decides: without credentials, one line and no YAML.
        let anonymous = try cli.run(["kube", reference], in: app, isolatedHome: true)
        #expect(anonymous.status == 1)
        #expect(anonymous.stdout.isEmpty)
        #expect(anonymous.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }.count == 1, "\(anonymous.stderr)")
        // A tag that is not there names the reference.
        let missing = try cli.run(["kube", "\(registry.host)/kube/app:nope"], in: app, environment: credentials)
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func aSpinArtifactPushedWithKubeGetsASpinAppWithTheAppsVariables() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let app = try appWithVariables()
        let file = app + "/../k8s.yaml"
        let push = try cli.run(["push", "\(registry.host)/kube/spin:v1", "--format", "spin", "--kube", file, "--namespace", "apps"], in: app)
        #expect(push.status == 0, "\(push.stderr)")
        let pushed = push.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        try expectValidYAML(yaml)
        #expect(try KubernetesShapes.documents(yaml: yaml).map(\.kind) == ["SpinApp"])
        #expect(yaml.contains("  image: \(pushed)\n"))
        #expect(yaml.contains("- name: greetee\n    value: world\n"))
        #expect(yaml.contains("#     kubectl create secret generic spin-variables -n apps --from-literal=api_key=VALUE\n"))

        // kube on the tag gives the same objects: the registry says it is a Spin artifact.
        let kube = try cli.run(["kube", "\(registry.host)/kube/spin:v1", "--namespace", "apps"], in: app)
        #expect(kube.status == 0, "\(kube.stderr)")
        #expect(kube.stdout == yaml)
    }

    @Test(.enabled(if: TestRegistry.isAvailable))
    func pushKubeWritesTheFileOnlyAfterASuccessfulPush() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let work = try cli.temporaryDirectory()
        let file = work + "/k8s.yaml"
        try "old\n".write(toFile: file, atomically: true, encoding: .utf8)
        let reference = "\(registry.host)/kube/app:v1"
        let app = CommandLineTests.testdata + "/v2-multi"

        let refused = try cli.run(
            ["push", reference, app, "--kube", file, "-u", registry.username!, "--password-stdin"], input: "wrong-password")
        #expect(refused.status == 1)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "old\n")

        // A bad Kubernetes option fails before anything is built or pushed.
        let credentials = ["WASMPACK_USERNAME": registry.username!, "WASMPACK_PASSWORD": registry.password!]
        let badOption = try cli.run(["push", reference, app, "--kube", file, "--spinapp", "--target", "slight"], environment: credentials)
        #expect(badOption.status == 64, "\(badOption.stderr)")
        #expect(!badOption.stderr.contains("Uploaded"))
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "old\n")
        let withoutKube = try cli.run(["push", reference, app, "--replicas", "3"], environment: credentials)
        #expect(withoutKube.status == 64, "\(withoutKube.stderr)")
        #expect(withoutKube.stderr.contains("--replicas is a Kubernetes option: add --kube FILE"), "\(withoutKube.stderr)")
        let noFolder = try cli.run(["push", reference, app, "--kube", work + "/missing/k8s.yaml"], environment: credentials)
        #expect(noFolder.status == 64, "\(noFolder.stderr)")
        #expect(noFolder.stderr.contains("the folder '\(work)/missing' does not exist"), "\(noFolder.stderr)")
        let notPushed = try cli.run(["kube", reference], environment: credentials)
        #expect(notPushed.status == 1, "the bad push went ahead: \(notPushed.stdout)")

        let push = try cli.run(["push", reference, app, "--kube", file, "--target", "spin-shim-v2", "--node-labels", "capz"], environment: credentials)
        #expect(push.status == 0, "\(push.stderr)")
        #expect(push.stdout == "\(registry.host)/kube/app@\(Self.v2MultiDigest)\n")
        #expect(push.stderr.contains("Wrote Kubernetes objects for \(registry.host)/kube/app@\(Self.v2MultiDigest) to \(file)"))
        let yaml = try String(contentsOfFile: file, encoding: .utf8)
        try expectValidYAML(yaml)
        #expect(yaml.contains("    cluster.x-k8s.io/wasmtime-spin-v2: 'true'\n"))
        // Nothing but the file: no temporary sibling left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: work) == ["k8s.yaml"])
    }

    @Test(arguments: [
        (["--node-selector", "novalue"], "--node-selector 'novalue' is not KEY=VALUE"),
        (["--node-selector", "bad key=1"], "has a key that contains ' '"),
        (["--name", "Bad_Name"], "--name 'Bad_Name' contains 'B'"),
        (["--namespace=-x"], "--namespace '-x' must start and end"),
        (["--replicas=-1"], "--replicas '-1' is negative"),
        (["--port", "0"], "--port '0' is not a port"),
        (["--target", "nope"], "unknown --target 'nope'"),
        (["--spinapp", "--target", "slight"], "--spinapp needs a target spin-operator runs"),
        (["--node-labels", "aks", "--target", "lunatic"], "--node-labels aks: aks never labelled nodes for target lunatic"),
        (["--node-labels", "gke"], "--node-labels"),
        (["--spinapp", "--port", "8080"], "--port: spin-operator serves a SpinApp on port 80"),
        (["--spinapp", "--node-selector", "a=b"], "add --runtime-class"),
        (["--app", "/nonexistent/spin.toml"], "--app '/nonexistent/spin.toml' does not exist"),
        (["--layout", "/nonexistent"], "--layout gives the digest"),
    ])
    func badInputGetsOneLineAndNoYAML(arguments: [String], message: String) throws {
        let run = try cli.run(["kube", "127.0.0.1:9/apps/hello@\(Self.someDigest)"] + arguments, in: try cli.temporaryDirectory())
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.hasPrefix("Error: ") && run.stderr.split(separator: "\n").count == 1, "\(run.stderr)")
        #expect(run.stderr.contains(message), "\(run.stderr)")
    }

    @Test func aLayoutThatIsNotThereIsNamed() throws {
        let run = try cli.run(["kube", "127.0.0.1:9/apps/hello", "--layout", "/nonexistent"], in: try cli.temporaryDirectory())
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("/nonexistent"), "\(run.stderr)")
    }
}
