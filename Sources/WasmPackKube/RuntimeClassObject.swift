import WasmPackBuild

/// `node.k8s.io/v1` RuntimeClass: maps `runtimeClassName` to the containerd handler of a wasm shim,
/// and (with `scheduling`) keeps the pods on the nodes that have that shim.
// https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/runtime-class-v1/
public struct RuntimeClassObject: KubernetesObject, Hashable {
    public struct Scheduling: Encodable, Sendable, Hashable {
        public var nodeSelector: [String: String]
    }

    public let apiVersion = "node.k8s.io/v1"
    public let kind = "RuntimeClass"
    /// Cluster-scoped: no namespace.
    public var metadata: ObjectMeta
    public var handler: String
    public var scheduling: Scheduling?

    public init(_ runtimeClass: RuntimeClass, nodeSelector: [String: String]) {
        metadata = ObjectMeta(name: runtimeClass.name)
        handler = runtimeClass.handler
        scheduling = nodeSelector.isEmpty ? nil : Scheduling(nodeSelector: nodeSelector)
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, handler, scheduling }
}
