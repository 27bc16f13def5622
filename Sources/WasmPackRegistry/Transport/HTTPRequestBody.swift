/// What an `HTTPRequest` sends after its headers.
///
/// Bodies are streamed to libcurl in pieces as it asks for them, so `.file` never loads the file
/// whole — a multi-gigabyte layer costs one read buffer.
public enum HTTPRequestBody: Sendable {
    /// No body. `PUT`, `POST` and `PATCH` still send `Content-Length: 0`, which registries require
    /// when they start or finish an upload.
    case none
    /// A small in-memory body such as a manifest or a token form.
    case bytes([UInt8])
    /// `length` bytes of the file at `path`, starting at byte `offset` (a chunk of a blob upload).
    case file(path: String, offset: Int64, length: Int64)
    /// Like `file`, for a blob upload: every byte read goes through `verifier`, and the request
    /// is aborted before its last bytes go out if the blob does not hash to its digest.
    case verifiedFile(path: String, offset: Int64, length: Int64, verifier: UploadVerifier)
    /// A whole blob of `verifier.size` bytes read from `pipe` as another transfer (a download)
    /// fills it, hashed like `verifiedFile`: the last bytes go out only if the blob hashes to its
    /// digest. Cannot be rewound or sent twice.
    case verifiedStream(pipe: BlobPipe, verifier: UploadVerifier)
}
