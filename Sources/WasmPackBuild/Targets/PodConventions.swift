/// How the shims' own example workloads start a pod, for the next issues' Kubernetes output.
// runtimes.md §1.1: spin, slight and wws Deployments set `command: ["/"]` (a scratch image has no
// ENTRYPOINT and the shim ignores it); lunatic reads the ENTRYPOINT, so it must not be overridden.
public struct PodConventions: Sendable, Hashable, Codable {
    /// The container `command`; nil means leave it unset so the image Entrypoint applies.
    public let command: [String]?
    /// The port the runtime listens on inside the pod (Spin 80; slight, wws and lunatic 3000).
    public let containerPort: Int

    public init(command: [String]?, containerPort: Int) {
        self.command = command
        self.containerPort = containerPort
    }
}
