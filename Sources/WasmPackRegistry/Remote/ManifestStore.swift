#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackOCI

/// Manifests of one repository: read (bounded, digest checked), resolve to a digest, write under
/// a tag or digest, delete. Also reads small blobs (configs) whole, bounded by their descriptor.
// https://github.com/opencontainers/distribution-spec/blob/main/spec.md#pulling-manifests
public struct ManifestStore: Sendable {
    public let client: RegistryClient
    public let repository: String

    public init(client: RegistryClient, repository: String) {
        self.client = client
        self.repository = repository
    }

    /// The spec asks registries to accept manifests of at least 4 MiB; more is refused unread.
    public static let manifestLimit = Puller.manifestLimit
    /// Configs are read whole for a summary; anything larger is not an image config worth reading.
    public static let configLimit: Int64 = 4 << 20

    private var base: String { "\(client.baseURL)/v2/\(repository)" }
    private var pullScopes: [Scope] { [.repository(repository, "pull")] }

    /// `GET /v2/<repository>/manifests/<tagOrDigest>`: the exact bytes, at most `manifestLimit`.
    /// Their sha256 must equal `Docker-Content-Digest` when the registry sends one, and the
    /// digest asked for when `tagOrDigest` is a digest.
    public func manifest(_ tagOrDigest: String, reference: String) throws(RegistryError) -> RemoteManifest {
        let request = HTTPRequest(
            method: "GET", url: "\(base)/manifests/\(tagOrDigest)", headers: [HTTPHeader("Accept", Puller.manifestAccept)])
        let response: HTTPResponse
        do {
            response = try client.send(request, scopes: pullScopes, idempotent: true, bodyLimit: Self.manifestLimit)
        } catch {
            if case .transport(let failure) = error, failure.isBodyTooLarge {
                throw .manifestTooLarge(reference: reference, limit: Self.manifestLimit)
            }
            throw error
        }
        guard response.status == 200 else { throw client.failure(response, for: request, repository: repository) }
        let digest = SHA256Hasher.digest(of: response.body)
        if let claimed = try Self.contentDigest(response, request: "GET manifest \(reference)"), claimed.algorithm == digest.algorithm,
           claimed != digest {
            throw .digestMismatch(what: "the manifest of \(reference) (by its Docker-Content-Digest header)", expected: claimed, actual: digest)
        }
        if let pinned = try? Digest(parsing: tagOrDigest), pinned != digest {
            throw .digestMismatch(what: "the manifest of \(reference)", expected: pinned, actual: digest)
        }
        let mediaType = Self.mediaType(response.header("Content-Type"), body: response.body)
        return RemoteManifest(
            descriptor: Descriptor(mediaType: mediaType, digest: digest, size: Int64(response.body.count)), bytes: response.body)
    }

    /// The descriptor of `tagOrDigest` without its body: `HEAD`, and a `GET` when the registry's
    /// HEAD answer carries no `Docker-Content-Digest` (the header is optional in the spec).
    public func resolve(_ tagOrDigest: String, reference: String) throws(RegistryError) -> Descriptor {
        let request = HTTPRequest(
            method: "HEAD", url: "\(base)/manifests/\(tagOrDigest)", headers: [HTTPHeader("Accept", Puller.manifestAccept)])
        let response = try client.send(request, scopes: pullScopes, idempotent: true)
        guard response.status == 200 else {
            // HEAD answers carry no error body: a GET says why (404 MANIFEST_UNKNOWN, 401, …).
            return try manifest(tagOrDigest, reference: reference).descriptor
        }
        guard let digest = try Self.contentDigest(response, request: "HEAD manifest \(reference)") else {
            return try manifest(tagOrDigest, reference: reference).descriptor
        }
        if let pinned = try? Digest(parsing: tagOrDigest), pinned != digest {
            throw .digestMismatch(what: "the manifest of \(reference)", expected: pinned, actual: digest)
        }
        let size = response.header("Content-Length").flatMap { Int64($0.trimmedWhitespace) } ?? 0
        let mediaType = MediaType(Self.bareMediaType(response.header("Content-Type")) ?? MediaType.ociImageManifest.rawValue)
        return Descriptor(mediaType: mediaType, digest: digest, size: size)
    }

    /// `PUT /v2/<repository>/manifests/<tagOrDigest>` with `bytes` as they are; the registry's
    /// `Docker-Content-Digest` must be `digest`.
    public func put(_ manifest: RemoteManifest, as tagOrDigest: String) throws(RegistryError) {
        let request = HTTPRequest(
            method: "PUT", url: "\(base)/manifests/\(tagOrDigest)",
            headers: [HTTPHeader("Content-Type", manifest.descriptor.mediaType.rawValue)], body: .bytes(manifest.bytes))
        // The same bytes under the same name: safe to repeat.
        let response = try client.send(request, scopes: [.repository(repository, "pull", "push")], idempotent: true)
        guard [200, 201, 202].contains(response.status) else {
            throw client.failure(response, for: request, repository: repository)
        }
        if let returned = try Self.contentDigest(response, request: "PUT manifest"), returned != manifest.descriptor.digest {
            throw .digestMismatch(what: "the pushed manifest", expected: manifest.descriptor.digest, actual: returned)
        }
    }

    /// Puts the manifest `tagOrDigest` names, its bytes unchanged, under each of `tags`: no blob
    /// is sent, since the registry has them all. Returns the manifest.
    public func tag(_ tagOrDigest: String, reference: String, as tags: [String]) throws(RegistryError) -> RemoteManifest {
        let manifest = try manifest(tagOrDigest, reference: reference)
        for tag in tags { try put(manifest, as: tag) }
        return manifest
    }

    /// `DELETE /v2/<repository>/manifests/<digest>`: the registry removes the manifest and every
    /// tag that names it.
    public func delete(_ digest: Digest) throws(RegistryError) {
        let request = HTTPRequest(method: "DELETE", url: "\(base)/manifests/\(digest)")
        // distribution asks for the `delete` action on the repository (not push).
        let response = try client.send(request, scopes: [.repository(repository, "delete")], idempotent: true)
        switch response.status {
        case 200, 202, 204:
            return
        case 405:
            throw .deleteDisabled(host: client.registry.host, reference: "\(repository)@\(digest)")
        default:
            let failure = client.failure(response, for: request, repository: repository)
            if case .registry(_, "UNSUPPORTED", _, _) = failure {
                throw .deleteDisabled(host: client.registry.host, reference: "\(repository)@\(digest)")
            }
            throw failure
        }
    }

    /// A blob read whole into memory, for small ones such as configs: refused unread above
    /// `limit` or its descriptor's size, and checked against its digest.
    public func smallBlob(_ blob: Descriptor, limit: Int64 = configLimit) throws(RegistryError) -> [UInt8] {
        guard blob.size <= limit else { throw .tooLarge(what: "blob \(blob.digest)", limit: limit) }
        let request = HTTPRequest(method: "GET", url: "\(base)/blobs/\(blob.digest)")
        let response: HTTPResponse
        do {
            response = try client.send(request, scopes: pullScopes, idempotent: true, bodyLimit: Int(max(blob.size, 1 << 16)))
        } catch {
            if case .transport(let failure) = error, failure.isBodyTooLarge {
                throw .tooLarge(what: "the body the registry sent for blob \(blob.digest) (\(blob.size) bytes by its descriptor)", limit: blob.size)
            }
            throw error
        }
        guard response.status == 200 else { throw client.failure(response, for: request, repository: repository) }
        guard Int64(response.body.count) == blob.size else {
            throw .sizeMismatch(what: "blob \(blob.digest)", expected: blob.size, actual: Int64(response.body.count))
        }
        let digest = SHA256Hasher.digest(of: response.body)
        guard digest == blob.digest else { throw .digestMismatch(what: "blob \(blob.digest)", expected: blob.digest, actual: digest) }
        return response.body
    }

    /// `Docker-Content-Digest`, parsed; nil when absent.
    static func contentDigest(_ response: HTTPResponse, request: String) throws(RegistryError) -> Digest? {
        guard let header = response.header("Docker-Content-Digest") else { return nil }
        do { return try Digest(parsing: header.trimmedWhitespace) } catch {
            throw .invalidResponse(request: request, detail: "Docker-Content-Digest '\(header.prefix(100))' is not a digest")
        }
    }

    static func bareMediaType(_ contentType: String?) -> String? {
        contentType?.split(separator: ";").first.map { $0.trimmedWhitespace }
    }

    /// The Content-Type when it names a manifest or index; some registries send application/json,
    /// and then the document's own `mediaType` (or its shape) says.
    static func mediaType(_ contentType: String?, body: [UInt8]) -> MediaType {
        let declared = MediaType(bareMediaType(contentType) ?? "")
        if declared.isManifest || declared.isIndex { return declared }
        struct Probe: Decodable { var mediaType: String?; var manifests: [Descriptor]? }
        let probe = try? JSONDecoder().decode(Probe.self, from: Data(body))
        return MediaType(probe?.mediaType ?? (probe?.manifests != nil ? MediaType.ociImageIndex.rawValue : MediaType.ociImageManifest.rawValue))
    }
}
