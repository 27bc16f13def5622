import Testing
import WasmPackBuild
import WasmPackKube

/// Names and options are checked as the API server would check them, before any YAML exists.
@Suite struct KubeOptionTests {
    static func options(_ change: (inout KubeOptions) -> Void) -> KubeOptions {
        var options = KubeOptions()
        change(&options)
        return options
    }

    @Test(arguments: [
        ("team/hello", "hello"),
        ("Hello_World.v2", "hello-world-v2"),
        ("org/9lives", "lives"),
        ("a/b/c/my--app__", "my-app"),
        ("x/123", "app"),
        ("x/" + String(repeating: "long-", count: 20), String(String(repeating: "long-", count: 13).prefix(63)).trimmingCharacters(in: ["-"])),
    ])
    func appNamesComeFromTheRepositorysLastComponent(repository: String, name: String) {
        let made = KubeName.appName(fromRepository: repository)
        #expect(made == name)
        #expect(KubeName.appNameProblem(made) == nil)
    }

    @Test(arguments: [
        (Self.options { $0.name = "Hello" }, "--name 'Hello' contains 'H'"),
        (Self.options { $0.name = "1app" }, "--name '1app' must start with a lower-case letter"),
        (Self.options { $0.name = "app-" }, "must start and end with a letter or digit"),
        (Self.options { $0.name = String(repeating: "a", count: 64) }, "is longer than 63 characters"),
        (Self.options { $0.namespace = "my_ns" }, "--namespace 'my_ns' contains '_'"),
        (Self.options { $0.replicas = -1 }, "--replicas '-1' is negative"),
        (Self.options { $0.port = 0 }, "--port '0' is not a port"),
        (Self.options { $0.port = 70000 }, "--port '70000' is not a port"),
        (Self.options { $0.pullSecret = "ACR" }, "--pull-secret 'ACR' contains 'A'"),
        (Self.options { $0.nodeSelector = ["bad key": "x"] }, "--node-selector 'bad key=x' has a key that contains ' '"),
        (Self.options { $0.nodeSelector = ["a/b/c": "x"] }, "has a key that has more than one '/'"),
        (Self.options { $0.nodeSelector = ["Bad_Prefix/x": "y"] }, "has a key that prefix 'Bad_Prefix' contains 'B'"),
        (Self.options { $0.nodeSelector = ["k": "-v"] }, "has a value that must start and end with a letter or digit"),
        (Self.options { $0.nodeSelector = ["k": "a b"] }, "has a value that contains ' '"),
    ])
    func badOptionsAreRefusedWithTheirValue(options: KubeOptions, message: String) {
        do {
            _ = try KubeManifest(image: Fixtures.image, target: .spinKube, options: options)
            Issue.record("accepted: \(message)")
        } catch {
            #expect(error.description.contains(message), "\(error.description)")
            #expect(error.isUsageError)
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func combinationsTheOutputCannotHonourAreRefused() {
        var spinAppOnSlight = KubeOptions()
        spinAppOnSlight.spinApp = true
        #expect(throws: KubeError.noSpinAppExecutor(target: "slight")) {
            try KubeManifest(image: Fixtures.image, target: .slight, options: spinAppOnSlight)
        }
        var portOnSpinApp = KubeOptions()
        portOnSpinApp.spinApp = true
        portOnSpinApp.port = 8080
        #expect(throws: KubeError.self) { try KubeManifest(image: Fixtures.image, target: .spinKube, options: portOnSpinApp) }
        var selectorWithoutRuntimeClass = KubeOptions()
        selectorWithoutRuntimeClass.spinApp = true
        selectorWithoutRuntimeClass.nodeSelector = ["a": "b"]
        #expect(throws: KubeError.self) { try KubeManifest(image: Fixtures.image, target: .spinKube, options: selectorWithoutRuntimeClass) }
    }

    @Test func validLabelKeysAndValuesPass() {
        for key in ["kubernetes.azure.com/wasmtime-spin-v2", "app", "a.b-c_d", "example.com/A_b.C"] {
            #expect(KubeName.labelKeyProblem(key) == nil, "\(key)")
        }
        for value in ["", "true", "A-b_c.9"] { #expect(KubeName.labelValueProblem(value) == nil, "\(value)") }
    }
}
