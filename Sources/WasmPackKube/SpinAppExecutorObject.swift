/// `core.spinkube.dev/v1alpha1` SpinAppExecutor: tells spin-operator to run SpinApps as
/// Deployments on the shim's RuntimeClass.
// spin-operator api/v1alpha1/spinappexecutor_types.go and config/samples/spin-shim-executor.yaml
// (runtimes.md §3.1, §3.4).
public struct SpinAppExecutorObject: KubernetesObject {
    public struct Spec: Encodable, Sendable {
        public var createDeployment: Bool
        public var deploymentConfig: DeploymentConfig
    }

    public struct DeploymentConfig: Encodable, Sendable {
        public var runtimeClassName: String
        /// Puts a CA bundle in the pods so apps can call HTTPS hosts (a scratch image has none).
        public var installDefaultCACerts: Bool
    }

    public let apiVersion = "core.spinkube.dev/v1alpha1"
    public let kind = "SpinAppExecutor"
    public var metadata: ObjectMeta
    public var spec: Spec

    public init(metadata: ObjectMeta, runtimeClassName: String) {
        self.metadata = metadata
        spec = Spec(
            createDeployment: true,
            deploymentConfig: DeploymentConfig(runtimeClassName: runtimeClassName, installDefaultCACerts: true))
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec }
}
