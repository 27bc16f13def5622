/// Why a spin.toml could not be turned into a `SpinApp`.
///
/// `manifest` is the manifest's absolute path; `key` names the offending key the way the manifest
/// spells it (`[component.hello] source`, `component[0].files[1]`). `description` is the one line to
/// show the user: what is wrong, where, and what to do.
public enum SpinManifestError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `path` (or `path/spin.toml`) does not exist.
    case manifestNotFound(path: String)
    /// A manifest or directory exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// spin.toml is larger than `limit` bytes, far beyond any real manifest.
    case manifestTooLarge(path: String, limit: Int)
    /// Not TOML 1.0: `message` is the reader's one-line reason.
    case syntaxError(manifest: String, line: Int, column: Int, message: String)
    case missingManifestVersion(manifest: String)
    case unknownManifestVersion(manifest: String, key: String, value: String)
    case wrongType(manifest: String, key: String, expected: String, found: String)
    /// A path string (or component id) holding `\u0000`, which the C library would cut short.
    case nulInPath(manifest: String, key: String)
    case missingKey(manifest: String, key: String)
    /// A component id Spin would refuse (`ComponentID`); `problem` says which rule it breaks.
    case invalidComponentID(manifest: String, key: String, id: String, problem: String)
    case missingSource(manifest: String, key: String, component: String)
    case duplicateComponent(manifest: String, key: String, component: String)
    case unknownTriggerComponent(manifest: String, key: String, component: String, known: [String])
    /// A component source (or dependency) file is missing: usually the app has not been built.
    case sourceNotFound(manifest: String, key: String, path: String)
    case notAFile(manifest: String, key: String, path: String)
    /// A plain `files` path (or `{ source, destination }` source) does not exist.
    case filesPathNotFound(manifest: String, key: String, path: String)
    case globMatchedNothing(manifest: String, key: String, pattern: String)
    case absolutePath(manifest: String, key: String, path: String)
    /// A path that climbs out of the app directory with `..`.
    case pathOutsideApp(manifest: String, key: String, path: String, root: String)
    case symlinkOutsideApp(manifest: String, key: String, path: String, target: String, root: String)
    case invalidDestination(manifest: String, key: String, destination: String)
    /// Two different files would be mounted at one destination in one component.
    case conflictingDestination(manifest: String, key: String, destination: String, first: String, second: String)

    public var description: String {
        switch self {
        case .manifestNotFound(let path):
            return "\(path) not found; pass an app directory containing spin.toml or the path to the manifest"
        case .unreadable(let path, let reason):
            return "cannot read \(path): \(reason); check that it exists and is readable"
        case .manifestTooLarge(let path, let limit):
            return "\(path) is larger than \(limit / (1 << 20)) MiB, which no Spin manifest needs; check that it is the right file"
        case .syntaxError(let manifest, let line, let column, let message):
            return "\(manifest):\(line):\(column): \(Self.oneLine(message))"
        case .missingManifestVersion(let manifest):
            return "\(manifest): spin_manifest_version is missing; add spin_manifest_version = 2 (or \"1\" for a v1 manifest)"
        case .unknownManifestVersion(let manifest, let key, let value):
            return "\(manifest): \(key) = \(value) is not a known manifest version; use the string \"1\" for v1 or the integer 2 for v2"
        case .wrongType(let manifest, let key, let expected, let found):
            return "\(manifest): \(key) must be \(expected), found \(found); fix the value"
        case .nulInPath(let manifest, let key):
            return "\(manifest): \(key) contains a NUL character (\\u0000), which no path may hold; remove it"
        case .missingKey(let manifest, let key):
            return "\(manifest): \(key) is missing; add it"
        case .invalidComponentID(let manifest, let key, let id, let problem):
            return "\(manifest): \(key): component id '\(TOMLParser.escapedForMessage(id))' \(problem); use lower-case words joined by '-', such as 'my-api'"
        case .missingSource(let manifest, let key, let component):
            return "\(manifest): \(key) is missing: component \(component) has no source; set it to the path of the component's .wasm file"
        case .duplicateComponent(let manifest, let key, let component):
            return "\(manifest): \(key): component id '\(component)' is used twice; give each component its own id"
        case .unknownTriggerComponent(let manifest, let key, let component, let known):
            let choices = known.isEmpty ? "the manifest defines no components" : "known: \(known.joined(separator: ", "))"
            return "\(manifest): \(key) names component '\(component)', which does not exist (\(choices)); fix the id or add the component"
        case .sourceNotFound(let manifest, let key, let path):
            return "\(manifest): \(key): file '\(path)' does not exist; run `spin build` first, or fix the path"
        case .notAFile(let manifest, let key, let path):
            return "\(manifest): \(key): '\(path)' is not a regular file; point it at the component's .wasm file"
        case .filesPathNotFound(let manifest, let key, let path):
            return "\(manifest): \(key): '\(path)' does not exist; create it or fix the entry"
        case .globMatchedNothing(let manifest, let key, let pattern):
            return "\(manifest): \(key): pattern '\(pattern)' matches no file; fix the pattern or remove the entry"
        case .absolutePath(let manifest, let key, let path):
            return "\(manifest): \(key): '\(path)' is an absolute path; use a path relative to the manifest's directory"
        case .pathOutsideApp(let manifest, let key, let path, let root):
            return "\(manifest): \(key): '\(path)' leaves the app directory \(root); move the file into the app directory"
        case .symlinkOutsideApp(let manifest, let key, let path, let target, let root):
            return "\(manifest): \(key): '\(path)' is a symlink to \(target), outside the app directory \(root); copy the file into the app directory instead"
        case .invalidDestination(let manifest, let key, let destination):
            return "\(manifest): \(key): destination '\(destination)' must be an absolute path inside the component, such as '/' or '/static'"
        case .conflictingDestination(let manifest, let key, let destination, let first, let second):
            return "\(manifest): \(key): '\(first)' and '\(second)' are both mounted at \(destination); give one of them another destination or exclude it"
        }
    }

    /// The TOML reader's messages are one line; keep ours one line whatever a message holds.
    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
