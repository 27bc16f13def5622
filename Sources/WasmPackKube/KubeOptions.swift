import WasmPackBuild

/// What the user chose for the objects; everything else comes from the target.
public struct KubeOptions: Sendable {
    /// The app's name (objects, labels); nil: from the repository's last path component.
    public var name: String?
    /// nil: no `namespace` (kubectl's current one applies).
    public var namespace: String?
    // spin kube scaffold's default (anchors.md §5.2): two pods survive one node going away.
    public var replicas = 2
    /// The Service's port; nil: the port the runtime listens on.
    public var port: Int?
    /// Extra `scheduling.nodeSelector` entries of the RuntimeClass.
    public var nodeSelector: [String: String] = [:]
    /// The labels this platform puts on the target's nodes go into the RuntimeClass's scheduling.
    public var nodeLabels: NodeLabelSource?
    /// An image pull Secret in the namespace (a private registry such as ACR without kubelet identity).
    public var pullSecret: String?
    /// A SpinApp for spin-operator instead of a Deployment and Service (automatic for a Spin artifact).
    public var spinApp = false
    /// With a SpinApp: also the RuntimeClass and the SpinAppExecutor (cluster set-up SpinKube's
    /// install usually does). Scratch-image output always carries its RuntimeClass.
    public var clusterObjects = false

    public init() {}

    /// Every option, checked the way the API server would check the objects it ends up in.
    public func validate() throws(KubeError) {
        if let name = name, let problem = KubeName.appNameProblem(name) {
            throw .invalidOption(option: "--name", value: name, problem: problem + " (it names the Deployment and Service)")
        }
        if let namespace = namespace, let problem = KubeName.labelProblem(namespace) {
            throw .invalidOption(option: "--namespace", value: namespace, problem: problem)
        }
        if replicas < 0 {
            throw .invalidOption(option: "--replicas", value: String(replicas), problem: "is negative; use 0 or more")
        }
        if let port = port, !(1...65535).contains(port) {
            throw .invalidOption(option: "--port", value: String(port), problem: "is not a port; use 1 to 65535")
        }
        if let secret = pullSecret, let problem = KubeName.subdomainProblem(secret) {
            throw .invalidOption(option: "--pull-secret", value: secret, problem: problem)
        }
        for (key, value) in nodeSelector.sorted(by: { $0.key < $1.key }) {
            if let problem = KubeName.labelKeyProblem(key) {
                throw .invalidOption(option: "--node-selector", value: "\(key)=\(value)", problem: "has a key that \(problem)")
            }
            if let problem = KubeName.labelValueProblem(value) {
                throw .invalidOption(option: "--node-selector", value: "\(key)=\(value)", problem: "has a value that \(problem)")
            }
        }
    }
}
