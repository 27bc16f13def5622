/// Why a test service could not be started.
public enum TestServiceError: Error, CustomStringConvertible {
    /// A program the service needs is not installed.
    case missingTool(path: String)
    /// A helper command (`openssl`, `htpasswd`) failed.
    case commandFailed(command: String, status: Int32, errorOutput: String)
    /// The service exited before it reported that it was ready.
    case exitedBeforeReady(service: String, status: Int32, log: String)
    /// The service did not report that it was ready in time.
    case notReady(service: String, seconds: Double, log: String)

    public var description: String {
        switch self {
        case .missingTool(let path):
            return "\(path) is not installed; run 'scripts/install-deps.sh --test'"
        case .commandFailed(let command, let status, let errorOutput):
            return "\(command) exited \(status): \(errorOutput)"
        case .exitedBeforeReady(let service, let status, let log):
            return "\(service) exited \(status) before it was ready; its log ends:\n\(log)"
        case .notReady(let service, let seconds, let log):
            return "\(service) was not ready after \(seconds) s; its log ends:\n\(log)"
        }
    }
}
