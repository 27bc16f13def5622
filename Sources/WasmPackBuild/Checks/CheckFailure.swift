import WasmPackWasm

/// A check that the target's runtime will start the app failed. `description` is the one line
/// the CLI shows (as the error, or as a warning with `--skip-checks`): the file or key, the
/// component, what is wrong, the target, and what to do.
public struct CheckFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Problem: Sendable, Hashable {
        /// The binary needs what the runtime lacks.
        case wasm(WasmProblem)
        /// A component source (or dependency) that is not a wasm binary; Spin >= 3.4 refuses it
        /// too (formats.md §2.2, `validate::ensure_wasms`). `reason` is the reader's one line.
        case notWasm(reason: String)
        /// A manifest key that needs a newer Spin than the target's.
        case manifestKey(key: String, since: String)
        /// A manifest key no Spin release reads (a typo): Spin's v2 tables refuse unknown fields.
        case unknownKey(key: String)
    }

    /// The file as the user knows it (app-relative path, or the path given).
    public let file: String
    public let component: String?
    public let target: String
    /// `Spin 0.4.0`, or the host interface set's id for other runtimes.
    public let runtime: String
    public let problem: Problem
    /// Other targets whose runtime would accept this file, best first; empty when none would.
    public let alternatives: [String]

    public init(file: String, component: String?, target: RuntimeTarget, problem: Problem, alternatives: [String]) {
        self.file = file
        self.component = component
        self.target = target.name
        runtime = target.hostInterfaces.spinVersion.map { "Spin \($0)" } ?? target.hostInterfaces.id
        self.problem = problem
        self.alternatives = alternatives
    }

    public var description: String {
        let owner = component.map { " (component '\($0)')" } ?? ""
        let named = "--target \(target) (\(runtime))"
        let choose = alternatives.isEmpty ? "" : "choose --target \(alternatives.joined(separator: " or ")), or "
        switch problem {
        case .wasm(let problem):
            return "'\(file)'\(owner) \(problem.description(runtime: named)); \(choose)\(problem.remedy)"
        case .notWasm(let reason):
            // A component's source is named by the manifest; a worker is found by its name.
            let fix = component == nil ? "build it first or rename it" : "build the component first or fix its path in the manifest"
            return "'\(file)'\(owner) is not a wasm binary (\(reason)); \(named) cannot load it: \(fix)"
        case .manifestKey(let key, let since):
            return "\(file): \(key) needs Spin \(since) or later, but \(named) does not know it; \(choose)drop the key"
        case .unknownKey(let key):
            return "\(file): \(key) is not a key any Spin reads, and \(named) refuses a manifest with an unknown key (\"unknown field\"); fix its name or drop it"
        }
    }
}
