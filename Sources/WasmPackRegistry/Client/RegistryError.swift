import WasmPackArchive
import WasmPackLayout
import WasmPackOCI

/// Why a registry operation failed; `description` is the one line the CLI shows. Never holds a secret.
public enum RegistryError: Error, Sendable, CustomStringConvertible {
    /// The registry's error JSON: `{"errors":[{"code":…,"message":…}]}`.
    case registry(status: Int, code: String, message: String, request: String)
    /// A status without a registry error body (HTML from a gateway, an empty body, a HEAD).
    case unexpectedStatus(status: Int, request: String, hint: String)
    case unauthorized(host: String, credentials: String, detail: String?)
    case denied(host: String, repository: String, credentials: String)
    case notARegistry(host: String, status: Int)
    case tokenService(realm: String, status: Int, detail: String)
    case transport(TransportError)
    case tooManyRedirects(request: String)
    case digestMismatch(what: String, expected: Digest, actual: Digest)
    case sizeMismatch(what: String, expected: Int64, actual: Int64)
    case manifestTooLarge(reference: String, limit: Int)
    /// A body above what may be read: `what` names it ("blob sha256:…", "the token service's answer from …").
    case tooLarge(what: String, limit: Int64)
    /// A retryable failure that outlasted every retry; `last` is the final attempt's failure.
    indirect case gaveUp(retries: Int, last: RegistryError)
    case unsupportedMediaType(reference: String, mediaType: String)
    case platformNotFound(reference: String, platform: String, available: [String])
    /// `--platform` asked for one platform, but the reference is a single manifest for another.
    case platformMismatch(reference: String, requested: String, actual: String)
    case invalidResponse(request: String, detail: String)
    case unsafeFileName(title: String)
    /// A CNCF wasm artifact whose layer count is not one: the spec says consumers reject it.
    case wasmArtifactLayerCount(Int)
    /// A format's own extraction (`ArtifactExtractor`) refused the artifact; `detail` says why.
    case artifact(reference: String, detail: String)
    /// Getting or exchanging an Azure AD token failed; `detail` says what to do.
    case azure(detail: String)
    case acrRefusedAzureToken(host: String, status: Int)
    case layout(LayoutError)
    case extraction(ExtractionError)
    /// The registry refused a manifest DELETE as unsupported (405, or 400 UNSUPPORTED).
    case deleteDisabled(host: String, reference: String)
    /// `copy` to a reference pinned to a digest other than the source's.
    case copyDigestConflict(destination: String, source: Digest)

    public var description: String {
        switch self {
        case .registry(let status, let code, let message, let request):
            return "registry: \(code): \(message.isEmpty ? "(no message)" : message) (HTTP \(status) on \(request))"
        case .unexpectedStatus(let status, let request, let hint):
            return "HTTP \(status) on \(request)\(hint.isEmpty ? "" : "; " + hint)"
        case .unauthorized(let host, let credentials, let detail):
            let given: String
            if credentials == "no credentials" {
                given = ACRHost.isACR(host)
                    ? "no credentials were found; run 'az acr login -n \(ACRHost.registryName(host))', or set AZURE_CLIENT_ID/AZURE_TENANT_ID with AZURE_CLIENT_SECRET or AZURE_FEDERATED_TOKEN_FILE"
                    : "no credentials were given; pass --username with --password-stdin, set WASMPACK_USERNAME and WASMPACK_PASSWORD, or run 'wasmpack login \(host)'"
            } else if credentials.hasPrefix("an identity token") {
                given = "\(credentials) was refused (expired or revoked?); log in again (for ACR: 'az acr login -n \(ACRHost.registryName(host))')"
            } else {
                given = "\(credentials) was refused; check the user name and password"
            }
            return "\(host) requires authentication: \(given)\(detail.map { " (\($0))" } ?? "")"
        case .denied(let host, let repository, let credentials):
            return "\(host) denied access to '\(repository)' for \(credentials); check that this identity may push/pull there"
        case .notARegistry(let host, let status):
            return "\(host) is not an OCI registry (GET /v2/ answered HTTP \(status)); check the host name and port"
        case .tokenService(let realm, let status, let detail):
            return "the token service \(realm) answered HTTP \(status)\(detail.isEmpty ? "" : ": " + detail)"
        case .transport(let error):
            return error.description
        case .tooManyRedirects(let request):
            return "more than 10 redirects on \(request)"
        case .digestMismatch(let what, let expected, let actual):
            return "\(what) should have digest \(expected) but the registry sent content with digest \(actual); nothing was kept"
        case .sizeMismatch(let what, let expected, let actual):
            return "\(what) should be \(expected) bytes but the registry sent \(actual); nothing was kept"
        case .manifestTooLarge(let reference, let limit):
            return "the manifest of \(reference) is larger than \(limit) bytes; refusing to read it"
        case .tooLarge(let what, let limit):
            return "\(what) is larger than \(limit) bytes; stopped reading it and kept nothing"
        case .gaveUp(let retries, let last):
            return "\(last.description); gave up after \(retries) \(retries == 1 ? "retry" : "retries")"
        case .unsupportedMediaType(let reference, let mediaType):
            return "\(reference) has media type '\(mediaType)', which is not an OCI or Docker image manifest or index"
        case .platformNotFound(let reference, let platform, let available):
            return "\(reference) has no image for platform \(platform); it has: \(available.joined(separator: ", ")); choose one with --platform"
        case .platformMismatch(let reference, let requested, let actual):
            return "\(reference) is a single manifest for \(actual), not an index to pick \(requested) from; pull it without --platform, or pick another reference"
        case .invalidResponse(let request, let detail):
            return "invalid response to \(request): \(detail)"
        case .wasmArtifactLayerCount(let count):
            return "the wasm artifact (config application/vnd.wasm.config.v0+json) has \(count) layers, but the CNCF wasm OCI layout allows exactly one; refusing to extract it (pull without --extract to keep the blobs)"
        case .unsafeFileName(let title):
            return "the artifact's title '\(title)' is not a plain file name; refusing to write it"
        case .artifact(let reference, let detail):
            return "cannot extract \(reference): \(detail)"
        case .azure(let detail):
            return detail
        case .acrRefusedAzureToken(let host, let status):
            return "\(host) refused the Azure AD token (\(status)): run 'az acr login -n \(ACRHost.registryName(host))' or set AZURE_CLIENT_ID/AZURE_TENANT_ID/AZURE_FEDERATED_TOKEN_FILE"
        case .layout(let error):
            return error.description
        case .extraction(let error):
            return error.description
        case .deleteDisabled(let host, let reference):
            return "\(host) does not allow deleting \(reference) (UNSUPPORTED); enable deletes on the registry (distribution: storage.delete.enabled: true, or REGISTRY_STORAGE_DELETE_ENABLED=true)"
        case .copyDigestConflict(let destination, let source):
            return "the destination \(destination) names a digest, but the source's manifest is \(source); give the destination a tag or no digest"
        }
    }
}
