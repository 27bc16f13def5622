/// A container `env` entry, and the shape of a SpinApp `variables` entry (spin-operator takes an
/// `EnvVar`): a literal `value`, or `valueFrom` a Secret key so the value stays out of the manifest.
// https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#environment-variables
public struct EnvironmentVariable: Encodable, Sendable, Hashable {
    public struct Source: Encodable, Sendable, Hashable {
        public var secretKeyRef: SecretKeySelector
    }

    public struct SecretKeySelector: Encodable, Sendable, Hashable {
        public var name: String
        public var key: String
    }

    public var name: String
    public var value: String?
    public var valueFrom: Source?

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public init(name: String, secret: String, key: String) {
        self.name = name
        valueFrom = Source(secretKeyRef: SecretKeySelector(name: secret, key: key))
    }
}
