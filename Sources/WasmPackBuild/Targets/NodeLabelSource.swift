/// A Kubernetes platform that labels the nodes carrying a wasm shim, so a RuntimeClass can
/// schedule onto them (`wasmpack kube --node-labels`).
// runtimes.md §1.6: AKS WASI node pools set `kubernetes.azure.com/wasmtime-*` themselves; CAPZ
// documents `cluster.x-k8s.io/wasmtime-*` labels that the user applies with `kubectl label nodes`.
public enum NodeLabelSource: String, Sendable, Hashable, CaseIterable, Codable, CodingKeyRepresentable {
    /// Azure Kubernetes Service WASI node pools (preview, retired for new pools in May 2025).
    case aks
    /// Cluster API Provider Azure nodes built with the wasm shims (image-builder >= v0.1.22).
    case capz

    /// Whether the user must put the labels on the nodes (`kubectl label nodes`): CAPZ documents
    /// them but does not set them; AKS sets its own on every WASI pool node.
    public var labelsAppliedByUser: Bool { self == .capz }
}
