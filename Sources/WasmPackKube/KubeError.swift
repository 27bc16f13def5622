/// Why `wasmpack kube` cannot write the objects asked for.
public enum KubeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An option the user gave is not a valid Kubernetes value (a usage error).
    case invalidOption(option: String, value: String, problem: String)
    /// Two options that cannot go together, or one the chosen output cannot honour (a usage error).
    case conflict(String)
    /// `--spinapp` with a target spin-operator does not run.
    case noSpinAppExecutor(target: String)
    /// `--node-labels` for a platform that never ran the target's shim.
    case noNodeLabels(target: String, platform: String, known: [String])
    /// `push --kube FILE` pushed, but FILE could not be written.
    case writeFailed(file: String, detail: String)
    /// The YAML library refused the tree (never expected: every value is a string, number or bool).
    case yaml(String)

    /// Whether the user's arguments are at fault (exit 64 with a usage line).
    public var isUsageError: Bool {
        switch self {
        case .yaml, .writeFailed: return false
        default: return true
        }
    }

    public var description: String {
        switch self {
        case .invalidOption(let option, let value, let problem):
            return "\(option) '\(value)' \(problem)"
        case .conflict(let text):
            return text
        case .noSpinAppExecutor(let target):
            return "--spinapp needs a target spin-operator runs (spinkube); target \(target) runs a plain Deployment, so leave out --spinapp"
        case .noNodeLabels(let target, let platform, let known):
            let others = known.isEmpty ? "no platform labels its nodes" : "labels are known for: \(known.joined(separator: ", "))"
            return "--node-labels \(platform): \(platform) never labelled nodes for target \(target) (\(others)); name the labels with --node-selector KEY=VALUE"
        case .writeFailed(let file, let detail):
            return "--kube '\(file)': the push succeeded, but the YAML could not be written: \(detail)"
        case .yaml(let detail):
            return "could not write the YAML: \(detail)"
        }
    }
}
