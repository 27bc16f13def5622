/// One Kubernetes object as the API server takes it: `apiVersion`, `kind`, then its fields, in
/// the order the type declares them (the YAML keeps that order).
public protocol KubernetesObject: Encodable, Sendable {
    var apiVersion: String { get }
    var kind: String { get }
    var metadata: ObjectMeta { get }
}
