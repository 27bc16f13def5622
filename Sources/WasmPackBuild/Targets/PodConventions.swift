/// How the shims' own example workloads start a pod, for `wasmpack kube`.
// runtimes.md §1.1: spin, slight and wws Deployments set `command: ["/"]` (a scratch image has no
// ENTRYPOINT and the shim ignores it); lunatic reads the ENTRYPOINT, so it must not be overridden.
public struct PodConventions: Sendable, Hashable, Codable {
    /// The container `command`; nil means leave it unset so the image Entrypoint applies.
    public let command: [String]?
    /// The port the runtime listens on inside the pod (Spin 80; slight, wws and lunatic 3000).
    public let containerPort: Int
    /// The environment prefix through which the runtime reads app variables (Spin reads
    /// `SPIN_VARIABLE_<NAME>`, runtimes.md §3.3); nil when the runtime has no app variables.
    public let variablePrefix: String?

    public init(command: [String]?, containerPort: Int, variablePrefix: String? = nil) {
        self.command = command
        self.containerPort = containerPort
        self.variablePrefix = variablePrefix
    }
}
