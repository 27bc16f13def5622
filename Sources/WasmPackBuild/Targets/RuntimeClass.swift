/// The Kubernetes RuntimeClass a pod names to run on a target's shim, and the containerd handler
/// it maps to. `wasmpack kube` writes these; nothing here talks to a cluster.
// runtimes.md §1.1 (handlers), §1.6 (historical names and node labels), §3.2 (SpinKube).
public struct RuntimeClass: Sendable, Hashable, Codable {
    /// `metadata.name` of the RuntimeClass, e.g. `wasmtime-spin-v2`.
    public let name: String
    /// `handler`: the containerd runtime name in the node's config, e.g. `spin`.
    public let handler: String
    /// Per platform, the labels it puts on the nodes that have this shim: what
    /// `scheduling.nodeSelector` names there. A platform that never ran the shim has no entry.
    public let nodeLabels: [NodeLabelSource: [String: String]]

    public init(name: String, handler: String, nodeLabels: [NodeLabelSource: [String: String]] = [:]) {
        self.name = name
        self.handler = handler
        self.nodeLabels = nodeLabels
    }
}
