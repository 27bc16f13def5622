import Testing
import WasmPackBuild
import WasmPackKube
import WasmPackOCI
import WasmPackSpin
import WasmPackTestSupport
import Yams

/// The objects follow the target's facts (RuntimeClass, command, port, labels, variables).
@Suite struct KubeManifestTests {
    @Test(arguments: RuntimeTarget.all)
    func deploymentsFollowTheTargetsPodConventions(target: RuntimeTarget) throws {
        let objects = try Fixtures.objects(try Fixtures.yaml(target: target))
        let pod = try #require(objects["Deployment"]?[path: "spec", "template", "spec"])
        let container = try #require(pod[path: "containers", 0])
        #expect(pod["runtimeClassName"]?.string == target.runtimeClass.name)
        #expect(objects["RuntimeClass"]?[path: "metadata", "name"]?.string == target.runtimeClass.name)
        #expect(objects["RuntimeClass"]?["handler"]?.string == target.runtimeClass.handler)
        #expect(container["image"]?.string == "myreg.azurecr.io/team/hello@\(Fixtures.digest)")
        #expect(container["command"]?.sequence?.compactMap(\.string) == target.pod.command)
        #expect(container[path: "ports", 0, "containerPort"]?.int == target.pod.containerPort)
        #expect(objects["Service"]?[path: "spec", "ports", 0, "port"]?.int == target.pod.containerPort)
        #expect(objects["Service"]?[path: "spec", "ports", 0, "targetPort"]?.int == target.pod.containerPort)
        // Without --node-labels or --node-selector the RuntimeClass schedules anywhere.
        #expect(objects["RuntimeClass"]?["scheduling"] == nil)
    }

    @Test func lunaticKeepsTheImageEntrypointAndSpinSetsCommandSlash() throws {
        let lunatic = try Fixtures.objects(try Fixtures.yaml(target: .lunatic))
        #expect(lunatic["Deployment"]?[path: "spec", "template", "spec", "containers", 0, "command"] == nil)
        let spin = try Fixtures.objects(try Fixtures.yaml(target: .spinKube))
        #expect(spin["Deployment"]?[path: "spec", "template", "spec", "containers", 0, "command"]?.sequence?.compactMap(\.string) == ["/"])
        #expect(try Fixtures.objects(try Fixtures.yaml(target: .wws))["Service"]?[path: "spec", "ports", 0, "port"]?.int == 3000)
    }

    @Test(arguments: [
        (RuntimeTarget.aksWasiV1, NodeLabelSource.aks, ["kubernetes.azure.com/wasmtime-spin-v1": "true"]),
        (.spinShimV2, .aks, ["kubernetes.azure.com/wasmtime-spin-v2": "true"]),
        (.spinShimV2, .capz, ["cluster.x-k8s.io/wasmtime-spin-v2": "true"]),
        (.slight, .capz, ["cluster.x-k8s.io/wasmtime-slight-v1": "true"]),
        (.wws, .capz, ["cluster.x-k8s.io/wasmtime-wws-v1": "true"]),
        (.lunatic, .capz, ["cluster.x-k8s.io/wasmtime-lunatic-v1": "true"]),
    ])
    func nodeLabelsComeFromThePlatformNamed(target: RuntimeTarget, platform: NodeLabelSource, labels: [String: String]) throws {
        var options = KubeOptions()
        options.nodeLabels = platform
        options.nodeSelector = ["pool": "wasm"]
        let runtimeClass = try Fixtures.objects(try Fixtures.yaml(target: target, options: options))["RuntimeClass"]
        var selector: [String: String] = [:]
        for (key, value) in runtimeClass?[path: "scheduling", "nodeSelector"]?.mapping ?? [:] { selector[key.string!] = value.string }
        #expect(selector == labels.merging(["pool": "wasm"]) { $1 })
    }

    @Test func capzNodesGetACommentSayingToLabelThem() throws {
        var options = KubeOptions()
        options.nodeLabels = .capz
        #expect(try Fixtures.yaml(target: .wws, options: options).contains(
            "# capz does not label nodes itself; on each node with the shim: kubectl label nodes NODE cluster.x-k8s.io/wasmtime-wws-v1=true\n"))
        options.nodeLabels = .aks
        #expect(!(try Fixtures.yaml(target: .aksWasiV1, options: options)).contains("kubectl label"))
    }

    @Test func aPlatformThatNeverRanTheShimIsRefused() throws {
        var options = KubeOptions()
        options.nodeLabels = .aks
        #expect(throws: KubeError.noNodeLabels(target: "lunatic", platform: "aks", known: ["capz"])) {
            try KubeManifest(image: Fixtures.image, target: .lunatic, options: options)
        }
        #expect(throws: KubeError.noNodeLabels(target: "spinkube", platform: "aks", known: [])) {
            try KubeManifest(image: Fixtures.image, target: .spinKube, options: options)
        }
    }

    @Test func aSpinArtifactGetsASpinAppWithoutBeingAsked() throws {
        let yaml = try Fixtures.yaml(Fixtures.spinArtifact, target: .spinKube)
        #expect(try Fixtures.kinds(yaml) == ["SpinApp"])
        let spec = try #require(try Fixtures.objects(yaml)["SpinApp"]?["spec"])
        #expect(spec["executor"]?.string == "containerd-shim-spin")
        #expect(spec["image"]?.string == Fixtures.spinArtifact.image)
        #expect(spec["replicas"]?.int == 2)
        // spin-shim-v2 runs Spin artifacts but spin-operator does not drive it: a Deployment, with its note.
        let shim = try KubeManifest(image: Fixtures.spinArtifact, target: .spinShimV2, options: KubeOptions())
        #expect(shim.documents.map(\.object.kind) == ["RuntimeClass", "Deployment", "Service"])
        #expect(shim.warnings.count == 1 && shim.warnings[0].contains("containerd 1.6.25"))
    }

    @Test func aFormatTheTargetDoesNotRunIsWarnedAbout() throws {
        let wasm = PinnedImage(registry: "r.io", repository: "a", digest: Fixtures.digest, format: .wasmToOCI)
        let manifest = try KubeManifest(image: wasm, target: .slight, options: KubeOptions())
        #expect(manifest.warnings == ["r.io/a@\(Fixtures.digest) is a wasm-to-oci artifact; target slight runs image"])
    }

    @Test func spinVariablesBecomeEntriesToFillIn() throws {
        var options = KubeOptions()
        options.spinApp = true
        options.namespace = "apps"
        let manifest = try KubeManifest(image: Fixtures.image, target: .spinKube, options: options, variables: Fixtures.variables)
        let yaml = try KubernetesYAML.text(manifest.documents)
        let variables = try #require(try Fixtures.objects(yaml)["SpinApp"]?[path: "spec", "variables"]?.sequence)
        #expect(variables.count == 3)
        #expect(variables[0]["name"]?.string == "greetee" && variables[0]["value"]?.string == "world")
        #expect(variables[1]["value"] == nil)
        #expect(variables[1][path: "valueFrom", "secretKeyRef", "name"]?.string == "hello-variables")
        #expect(variables[1][path: "valueFrom", "secretKeyRef", "key"]?.string == "api_key")
        #expect(variables[2]["value"]?.string == "")
        #expect(yaml.contains("#   region: required; set its value (empty now)\n"))
        #expect(yaml.contains("#     kubectl create secret generic hello-variables -n apps --from-literal=api_key=VALUE\n"))

        // In a Deployment they reach Spin as SPIN_VARIABLE_<NAME> (the target's prefix).
        let deployment = try Fixtures.objects(try Fixtures.yaml(target: .spinShimV2, variables: Fixtures.variables))["Deployment"]
        let env = try #require(deployment?[path: "spec", "template", "spec", "containers", 0, "env"]?.sequence)
        #expect(env.compactMap { $0["name"]?.string } == ["SPIN_VARIABLE_GREETEE", "SPIN_VARIABLE_API_KEY", "SPIN_VARIABLE_REGION"])

        // A runtime without app variables gets none, and a warning says so.
        let slight = try KubeManifest(image: Fixtures.image, target: .slight, options: KubeOptions(), variables: Fixtures.variables)
        #expect(slight.warnings.contains { $0.contains("greetee, api_key, region") })
        #expect(!(try KubernetesYAML.text(slight.documents)).contains("greetee"))
    }

    @Test func valuesThatLookLikeOtherTypesReadBackAsTheStringsTheyAre() throws {
        let awkward = ["true", "no", "80", "0x1F", "1e3", "null", "~", "", "- item", "a: b", "#hash", "line\nbreak", "quote'\"", "ünïcode ✓", " lead", "@at", "*star", "&amp", "!tag", "%pct", "{x}", "[y]"]
        let variables = awkward.enumerated().map { SpinVariable(name: "v\($0.offset)", defaultValue: $0.element, required: false, secret: false) }
        var options = KubeOptions()
        options.spinApp = true
        let yaml = try Fixtures.yaml(target: .spinKube, options: options, variables: variables)
        #expect(try KubernetesShapes.check(yaml: yaml).isEmpty)
        let entries = try #require(try Fixtures.objects(yaml)["SpinApp"]?[path: "spec", "variables"]?.sequence)
        #expect(entries.map { $0["value"]?.string } == awkward)
        #expect(entries.allSatisfy { $0["value"]?.tag.rawValue == Tag.Name.str.rawValue })
        // Comments stay one line each whatever a default holds.
        #expect(yaml.contains("#   v11: optional; spin.toml's default \"line\\u{a}break\" is filled in\n"))
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        var options = KubeOptions()
        options.nodeSelector = Dictionary(uniqueKeysWithValues: (0..<40).map { ("example.com/k\($0)", "v\($0)") })
        options.nodeLabels = .capz
        let first = try Fixtures.yaml(target: .wws, options: options, variables: Fixtures.variables)
        for _ in 0..<5 {
            #expect(try Fixtures.yaml(target: .wws, options: options, variables: Fixtures.variables) == first)
        }
        let keys = try #require(try Fixtures.objects(first)["RuntimeClass"]?[path: "scheduling", "nodeSelector"]?.mapping.map { Array($0.keys.compactMap(\.string)) })
        #expect(keys == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}
