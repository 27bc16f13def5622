/// Why a Spin registry artifact could not be written out as an app folder.
public enum SpinExtractError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No `…spin.application.v1+config` layer (nor a pre-2.0 locked-app config).
    case noLockedApp
    /// The locked-app blob is larger than `SpinLockedAppContents.sizeLimit`.
    case lockedAppTooLarge(size: Int64, limit: Int64)
    /// The locked-app blob is not a locked app's JSON.
    case invalidLockedApp(digest: String)
    /// A component id would not be a plain file name (it names the wasm and the files folder).
    case unsafeComponentID(String)
    /// Two components with one id would write over each other.
    case duplicateComponentID(String)
    /// A file path of a component is absolute, has `..`, `.` or empty components.
    case unsafePath(component: String, path: String)
    /// Two files of a component with one path.
    case duplicatePath(component: String, path: String)
    /// Content named by digest that no layer of the artifact holds (or inline content that is not base64).
    case missingContent(component: String, what: String, digest: String)
    /// Content whose inline bytes do not hash to the digest the locked app gives.
    case inlineDigestMismatch(component: String, what: String)
    /// Copying the wasm and files would pass the extraction size limit.
    case sizeLimitExceeded(limit: Int64)
    /// Writing a file failed.
    case cannotWrite(path: String, message: String)

    public var description: String {
        switch self {
        case .noLockedApp:
            return "the Spin artifact has no locked-app layer (application/vnd.fermyon.spin.application.v1+config)"
        case .lockedAppTooLarge(let size, let limit):
            return "the Spin locked app is \(size) bytes, more than the \(limit) bytes wasmpack reads"
        case .invalidLockedApp(let digest):
            return "the Spin locked-app layer \(digest) is not a Spin locked app (JSON with spin_lock_version and components)"
        case .unsafeComponentID(let id):
            return "the Spin component id '\(id)' is not a Spin component id (letters, digits, '-', '_'); refusing to write it"
        case .duplicateComponentID(let id):
            return "the Spin locked app has two components with the id '\(id)'"
        case .unsafePath(let component, let path):
            return "refusing file '\(path)' of component '\(component)': it is absolute or has '..', '.' or empty components, which leave the extraction directory"
        case .duplicatePath(let component, let path):
            return "the Spin locked app lists file '\(path)' of component '\(component)' twice"
        case .missingContent(let component, let what, let digest):
            return "the \(what) of component '\(component)' (\(digest)) is neither inline nor a layer of the artifact; the artifact is incomplete"
        case .inlineDigestMismatch(let component, let what):
            return "the inline \(what) of component '\(component)' does not match its digest; the artifact is corrupt"
        case .sizeLimitExceeded(let limit):
            return "the Spin app's files take more than \(limit) bytes, the limit for extracted files; if you trust the image, raise it with --max-extract-size"
        case .cannotWrite(let path, let message):
            return "cannot write '\(path)': \(message)"
        }
    }
}
