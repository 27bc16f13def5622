import Testing
import WasmPackBuild
import WasmPackKube
import WasmPackTestSupport

/// Every target's output parses and fits the Kubernetes and SpinKube API shapes.
@Suite struct KubeShapeTests {
    @Test(arguments: RuntimeTarget.all)
    func everyTargetsObjectsFitTheAPIShapes(target: RuntimeTarget) throws {
        var options = KubeOptions()
        options.namespace = "apps"
        options.pullSecret = "acr-pull"
        options.nodeSelector = ["example.com/wasm": "true"]
        let yaml = try Fixtures.yaml(target: target, options: options, variables: Fixtures.variables)
        let problems = try KubernetesShapes.check(yaml: yaml)
        #expect(problems.isEmpty, "\(target.name): \(problems)\n\(yaml)")
        #expect(try Fixtures.kinds(yaml) == ["RuntimeClass", "Deployment", "Service"])
    }

    @Test(arguments: RuntimeTarget.all.filter { $0.spinAppExecutor != nil }, [false, true])
    func spinAppsFitTheSpinKubeShapes(target: RuntimeTarget, clusterObjects: Bool) throws {
        var options = KubeOptions()
        options.spinApp = true
        options.clusterObjects = clusterObjects
        options.namespace = "apps"
        options.pullSecret = "acr-pull"
        let yaml = try Fixtures.yaml(target: target, options: options, variables: Fixtures.variables)
        let problems = try KubernetesShapes.check(yaml: yaml)
        #expect(problems.isEmpty, "\(problems)\n\(yaml)")
        #expect(try Fixtures.kinds(yaml) == (clusterObjects ? ["RuntimeClass", "SpinAppExecutor", "SpinApp"] : ["SpinApp"]))
    }

    @Test func theShapeCheckerCatchesWrongFieldsAndTypes() throws {
        let yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x, namespace: n}
            spec:
              replicas: "2"
              selector: {matchLabels: {app: x}}
              template:
                spec:
                  runtimeClass: wasmtime-spin-v2
                  containers: [{name: x, image: i, ports: [{containerPort: "80"}]}]
            ---
            apiVersion: node.k8s.io/v1
            kind: RuntimeClass
            metadata: {name: r, namespace: n}
            ---
            apiVersion: core.spinoperator.dev/v1alpha1
            kind: SpinApp
            metadata: {name: old}
            """
        let problems = try KubernetesShapes.check(yaml: yaml)
        #expect(problems.contains("Deployment.spec.replicas: expected an integer, found str '2'"))
        #expect(problems.contains("Deployment.spec.template.spec: unknown field 'runtimeClass'"))
        #expect(problems.contains("Deployment.spec.template.spec.containers[0].ports[0].containerPort: expected an integer, found str '80'"))
        #expect(problems.contains("RuntimeClass: missing required field 'handler'"))
        #expect(problems.contains("RuntimeClass: cluster-scoped, but has metadata.namespace"))
        #expect(problems.contains("core.spinoperator.dev/v1alpha1/SpinApp: not a known apiVersion/kind"))
    }
}
