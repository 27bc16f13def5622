#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackOCI

/// Uploads one blob: HEAD, mount, then a monolithic or chunked upload. A failed upload is retried
/// from a new session rather than by replaying a half-sent body.
///
/// What is sent is hashed as it is read (`UploadVerifier`): a blob whose bytes do not hash to its
/// digest is stopped before its last bytes, and a chunked upload is never closed (no final PUT)
/// unless every byte was verified.
struct BlobUploader: Sendable {
    let client: RegistryClient
    let options: PushOptions
    let repository: String
    /// Told `.blobProgress` while a blob's bytes are sent.
    var progress: @Sendable (TransferEvent) -> Void = { _ in }
    /// The Retry-After of the last refusal, for the pause before the next upload session.
    let retryAfter = RetryAfterNote()

    private var scopes: [Scope] { [.repository(repository, "pull", "push")] }
    private var base: String { "\(client.baseURL)/v2/\(repository)" }

    func upload(_ blob: Descriptor, from file: String, mountFrom: String?) throws(RegistryError) -> TransferEvent {
        try upload(blob, mountFrom: mountFrom) { location, minimumChunk throws(RegistryError) in
            let verifier = UploadVerifier(path: file, digest: blob.digest, size: blob.size)
            do throws(RegistryError) {
                if blob.size > options.chunkedUploadThreshold || minimumChunk != nil {
                    try uploadInChunks(blob, file: file, location: location, minimumChunk: minimumChunk ?? 0, verifier: verifier)
                } else {
                    try uploadWhole(blob, body: .verifiedFile(path: file, offset: 0, length: blob.size, verifier: verifier), location: location)
                }
            } catch {
                // Wrong bytes on our side: say so, and no new session would help.
                if let actual = verifier.mismatch {
                    throw RegistryError.layout(.blobChangedWhileSending(digest: blob.digest, path: file, actual: actual, size: blob.size))
                }
                throw error
            }
        }
    }

    /// Uploads `blob` as `source` downloads it (`wasmpack copy`): one streaming PUT per session, a
    /// new download for each new session. The bytes are hashed on their way through, so a source
    /// serving wrong bytes never completes the upload.
    func upload(_ blob: Descriptor, streamingFrom source: BlobStreamSource, mountFrom: String?) throws(RegistryError) -> TransferEvent {
        try upload(blob, mountFrom: mountFrom) { location, _ throws(RegistryError) in
            if blob.size == 0, SHA256Hasher.digest(of: []) != blob.digest {
                throw .digestMismatch(what: "blob \(blob.digest) from \(source.name)", expected: blob.digest, actual: SHA256Hasher.digest(of: []))
            }
            let download = source.start(blob)
            let verifier = UploadVerifier(path: "\(source.name)@\(blob.digest)", digest: blob.digest, size: blob.size)
            do throws(RegistryError) {
                try uploadWhole(blob, body: .verifiedStream(pipe: download.pipe, verifier: verifier), location: location)
                download.pipe.close()
                _ = download.wait()
            } catch {
                download.pipe.close()
                let downloadFailure = download.wait()
                if let actual = verifier.mismatch {
                    throw RegistryError.digestMismatch(what: "blob \(blob.digest) from \(source.name)", expected: blob.digest, actual: actual)
                }
                // The source's failure (404, a short body, a broken connection) is the cause.
                throw downloadFailure ?? error
            }
        }
    }

    /// HEAD, mount, then `send` the bytes into a new upload session (given its URL and the
    /// registry's minimum chunk size); a failure worth it gets a new session.
    private func upload(
        _ blob: Descriptor, mountFrom: String?, send: (String, Int64?) throws(RegistryError) -> Void
    ) throws(RegistryError) -> TransferEvent {
        if try exists(blob) { return .blobExists(blob) }
        var attempt = 0
        while true {
            do throws(RegistryError) {
                switch try startSession(for: blob, mountFrom: attempt == 0 ? mountFrom : nil) {
                case .mounted: return .blobMounted(blob, from: mountFrom ?? "")
                case .session(let location, let minimumChunk):
                    try send(location, minimumChunk)
                }
                return .blobUploaded(blob)
            } catch {
                guard Self.isWorthAnotherSession(error) else { throw error }
                guard attempt < client.retry.retries else { throw RegistryClient.exhausted(error, after: attempt) }
                let delay = client.retry.delay(attempt: attempt, retryAfter: retryAfter.take())
                client.log("upload of \(blob.digest) failed (\(error)); starting a new upload session in \(delay.oneDecimal) s")
                client.retry.sleep(seconds: delay)
                attempt += 1
            }
        }
    }

    /// The registry's refusal as an error, noting its Retry-After for the next session's pause.
    private func refusal(_ response: HTTPResponse, for request: HTTPRequest) -> RegistryError {
        retryAfter.note(response.header("Retry-After"))
        return client.failure(response, for: request, repository: repository)
    }

    private static func isWorthAnotherSession(_ error: RegistryError) -> Bool {
        switch error {
        case .transport(let failure): return failure.isRetryable
        case .unexpectedStatus(let status, _, _), .registry(let status, _, _, _):
            return RetryPolicy.retryableStatuses.contains(status) || status == 404  // 404: the session expired
        default: return false
        }
    }

    private func exists(_ blob: Descriptor) throws(RegistryError) -> Bool {
        let request = HTTPRequest(method: "HEAD", url: "\(base)/blobs/\(blob.digest)")
        let response = try client.send(request, scopes: scopes, idempotent: true)
        switch response.status {
        case 200: return true
        case 404: return false
        default: throw refusal(response, for: request)
        }
    }

    private enum Session {
        case mounted
        case session(location: String, minimumChunk: Int64?)
    }

    private func startSession(for blob: Descriptor, mountFrom: String?) throws(RegistryError) -> Session {
        if let mountFrom {
            let request = HTTPRequest(method: "POST", url: "\(base)/blobs/uploads/?mount=\(blob.digest)&from=\(mountFrom)", body: .bytes([]))
            let mountScopes = Scope.merge(scopes + [.repository(mountFrom, "pull")])
            // Any failure of a mount just means "upload it": registries differ a lot here.
            if let response = try? client.send(request, scopes: mountScopes, idempotent: false) {
                if response.status == 201 { return .mounted }
                if response.status == 202, let session = try? session(from: response, request: request) { return session }
            }
        }
        let request = HTTPRequest(method: "POST", url: "\(base)/blobs/uploads/", body: .bytes([]))
        let response = try client.send(request, scopes: scopes, idempotent: false)
        guard response.status == 202 else { throw refusal(response, for: request) }
        return try session(from: response, request: request)
    }

    private func session(from response: HTTPResponse, request: HTTPRequest) throws(RegistryError) -> Session {
        guard let location = response.header("Location"), let url = URLOrigin.resolve(location, against: request.url) else {
            throw .invalidResponse(request: "POST \(URLOrigin.redacted(request.url))", detail: "202 without a Location header")
        }
        let minimum = response.header("OCI-Chunk-Min-Length").flatMap { Int64($0.trimmedWhitespace) }
        return .session(location: url, minimumChunk: minimum)
    }

    /// Appends `digest=` to the upload URL, keeping the query the registry put there (distribution's `_state`).
    private func committing(_ location: String, digest: Digest) -> String {
        location + (location.contains("?") ? "&" : "?") + "digest=" + digest.description
    }

    /// Reports a request's bytes sent as the blob's, counting from `offset` (a chunk's start).
    private func reportingProgress(_ request: HTTPRequest, of blob: Descriptor, from offset: Int64) -> HTTPRequest {
        var request = request
        let progress = self.progress
        request.onProgress = { sent, _ in progress(.blobProgress(blob.digest, done: offset + sent, total: blob.size)) }
        return request
    }

    private func uploadWhole(_ blob: Descriptor, body: HTTPRequestBody, location: String) throws(RegistryError) {
        let request = reportingProgress(HTTPRequest(
            method: "PUT", url: committing(location, digest: blob.digest),
            headers: [HTTPHeader("Content-Type", "application/octet-stream")], body: body), of: blob, from: 0)
        let response = try client.send(request, scopes: scopes, idempotent: false)
        guard response.status == 201 || response.status == 204 else {
            throw refusal(response, for: request)
        }
    }

    private func uploadInChunks(
        _ blob: Descriptor, file: String, location start: String, minimumChunk: Int64, verifier: UploadVerifier
    ) throws(RegistryError) {
        var location = start
        var offset: Int64 = 0
        var resumes = 0
        let chunk = max(options.chunkSize, minimumChunk, 1)
        while offset < blob.size {
            let length = min(chunk, blob.size - offset)
            let request = reportingProgress(HTTPRequest(
                method: "PATCH", url: location,
                headers: [HTTPHeader("Content-Type", "application/octet-stream"),
                          HTTPHeader("Content-Range", "\(offset)-\(offset + length - 1)")],
                body: .verifiedFile(path: file, offset: offset, length: length, verifier: verifier)), of: blob, from: offset)
            let response: HTTPResponse
            do {
                response = try client.send(request, scopes: scopes, idempotent: false)
            } catch {
                guard case .transport(let failure) = error, failure.isRetryable, resumes < client.retry.retries else { throw error }
                resumes += 1
                // The connection dropped mid-chunk: ask the registry how much it kept and go on from there.
                (location, offset) = try uploadStatus(location)
                continue
            }
            guard response.status == 202 else {
                if response.status == 416, resumes < client.retry.retries {
                    resumes += 1
                    (location, offset) = try uploadStatus(location)
                    continue
                }
                throw refusal(response, for: request)
            }
            if let next = response.header("Location").flatMap({ URLOrigin.resolve($0, against: location) }) { location = next }
            // Trust the registry only when it says it kept less than we sent.
            let sent = offset + length
            offset = Self.bytesHeld(response.header("Range")).map { min($0, sent) } ?? sent
            if offset == 0 { offset = sent }
        }
        // The reader refused to send the last bytes of a wrong blob; this also catches a
        // registry that claims to hold bytes we never read (no PATCH ever reached the end).
        guard verifier.isVerified else {
            throw .layout(.blobChangedWhileSending(digest: blob.digest, path: file, actual: verifier.mismatch ?? blob.digest, size: blob.size))
        }
        let request = HTTPRequest(
            method: "PUT", url: committing(location, digest: blob.digest),
            headers: [HTTPHeader("Content-Type", "application/octet-stream")], body: .bytes([]))
        let response = try client.send(request, scopes: scopes, idempotent: false)
        guard response.status == 201 || response.status == 204 else {
            throw refusal(response, for: request)
        }
    }

    /// `GET <location>` → 204 with `Range: 0-N` (what the registry holds) and the newest Location.
    private func uploadStatus(_ location: String) throws(RegistryError) -> (String, Int64) {
        let request = HTTPRequest(method: "GET", url: location)
        let response = try client.send(request, scopes: scopes, idempotent: true)
        guard response.status == 204 || response.status == 202 else {
            throw refusal(response, for: request)
        }
        let next = response.header("Location").flatMap { URLOrigin.resolve($0, against: location) } ?? location
        return (next, Self.bytesHeld(response.header("Range")) ?? 0)
    }

    /// How many bytes an upload session holds, from its `Range` header: `0-1023` (or `bytes=0-1023`)
    /// → 1024. distribution answers `0-0` for an empty session, so `0-0` counts as 0: at worst one
    /// byte is sent again, which the registry refuses (416) and a new session follows.
    static func bytesHeld(_ header: String?) -> Int64? {
        guard let header, let dash = header.lastIndex(of: "-") else { return nil }
        guard let end = Int64(header[header.index(after: dash)...].trimmedWhitespace) else { return nil }
        let start = header[..<dash].split(separator: "=").last.map { $0.trimmedWhitespace }
        return (start == "0" && end == 0) ? 0 : end + 1
    }
}

/// Carries a Retry-After value from the response that failed an upload to the retry loop.
final class RetryAfterNote: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`. Parallel uploads share one note; a
    // registry's Retry-After is about the registry, so whichever upload retries next honours it.
    private let lock = SystemLock()
    private var value: String?

    func note(_ header: String?) { lock.withLock { value = header } }

    func take() -> String? {
        lock.withLock {
            defer { value = nil }
            return value
        }
    }
}
