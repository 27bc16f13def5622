/// `core.spinkube.dev/v1alpha1` SpinApp: spin-operator makes the Deployment and Service itself
/// (port 80, `command: ["/"]`, `SPIN_VARIABLE_*` from `variables`).
// spinframework/spin-operator api/v1alpha1/spinapp_types.go (runtimes.md §3.1); the group was
// core.spinoperator.dev before operator v0.4.0.
public struct SpinAppObject: KubernetesObject {
    public struct Spec: Encodable, Sendable {
        public var image: String
        public var executor: String
        public var replicas: Int
        public var imagePullSecrets: [LocalObjectReference]?
        public var variables: [EnvironmentVariable]?
    }

    public let apiVersion = "core.spinkube.dev/v1alpha1"
    public let kind = "SpinApp"
    public var metadata: ObjectMeta
    public var spec: Spec

    public init(metadata: ObjectMeta, spec: Spec) {
        self.metadata = metadata
        self.spec = spec
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec }
}
