import WasmPackPlatform
import WasmPackSpin

/// Why `--build` stopped before anything was packed; `description` is the one line the CLI shows.
public enum BuildCommandError: Error, Sendable, Equatable, CustomStringConvertible {
    case manifest(SpinManifestError)
    /// `--build` was given a single .wasm module, which has no build commands.
    case notAnApp(path: String)
    case unknownComponent(manifest: String, id: String, ids: [String])
    /// The component's workdir does not exist (or is not a directory).
    case workdirNotFound(manifest: String, component: String, workdir: String)
    /// /bin/sh could not be started (`errno` from posix_spawn).
    case cannotStart(component: String, command: String, errno: Int32)
    case failed(manifest: String, component: String, command: String, exitCode: Int32)
    case killed(manifest: String, component: String, command: String, signal: Int32)
    /// Ctrl-C or SIGTERM stopped the command (and its process group).
    case interrupted(component: String, command: String)

    public var description: String {
        switch self {
        case .manifest(let error):
            return error.description
        case .notAnApp(let path):
            return "--build needs an app with a spin.toml, but '\(path)' is a single module; build it yourself and drop --build"
        case .unknownComponent(let manifest, let id, let ids):
            return "\(manifest) has no component '\(id)'; its components are: \(ids.joined(separator: ", "))"
        case .workdirNotFound(let manifest, let component, let workdir):
            return "\(manifest): component \(component): build workdir '\(workdir)' is not a directory; create it or fix [component.\(component).build] workdir"
        case .cannotStart(let component, let command, let code):
            return "cannot run the build command `\(command)` of component \(component): /bin/sh: \(String(cString: strerror(code)))"
        case .failed(let manifest, let component, let command, let exitCode):
            return "\(manifest): build command `\(command)` of component \(component) failed with exit code \(exitCode); fix the build (its output is above) and try again"
        case .killed(let manifest, let component, let command, let signal):
            return "\(manifest): build command `\(command)` of component \(component) was killed by signal \(signal) (\(Self.signalName(signal))); nothing was packed"
        case .interrupted(let component, let command):
            return "build command `\(command)` of component \(component) was interrupted; nothing was packed"
        }
    }

    private static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGKILL: return "SIGKILL"
        case SIGSEGV: return "SIGSEGV"
        case SIGABRT: return "SIGABRT"
        case SIGHUP: return "SIGHUP"
        case SIGPIPE: return "SIGPIPE"
        default: return "SIG\(signal)"
        }
    }
}
