/// The Kubernetes RuntimeClass a pod names to run on a target's shim, and the containerd handler
/// it maps to. The next issues' deployment output writes these; nothing here talks to a cluster.
// runtimes.md §1.1 (handlers), §1.6 (historical names and node labels), §3.2 (SpinKube).
public struct RuntimeClass: Sendable, Hashable, Codable {
    /// `metadata.name` of the RuntimeClass, e.g. `wasmtime-spin-v2`.
    public let name: String
    /// `handler`: the containerd runtime name in the node's config, e.g. `spin`.
    public let handler: String
    /// `scheduling.nodeSelector` where the platform labels its wasm nodes; empty when unknown.
    public let nodeSelector: [String: String]

    public init(name: String, handler: String, nodeSelector: [String: String] = [:]) {
        self.name = name
        self.handler = handler
        self.nodeSelector = nodeSelector
    }
}
