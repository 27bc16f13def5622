import WasmPackOCI

/// What a command produced, in the one shape every `--json` result shares (schema version 1,
/// documented in the README's "Machine-readable output"): the plain text line(s) it prints by
/// default, and the JSON object `--json`, `--metadata-file`, `GITHUB_OUTPUT` and the step
/// summary are made from. Optional members are left out when nil, never written as null.
struct CommandResult: Sendable {
    /// Bumped only when a member changes meaning or type or disappears; new members keep it.
    static let schemaVersion = 1

    /// One blob and what the command did with it.
    struct Blob: Sendable, Equatable {
        enum Outcome: String, Sendable, CaseIterable {
            case uploaded, existed, mounted, downloaded, present, written, copied
        }

        var descriptor: Descriptor
        var outcome: Outcome
    }

    /// The subcommand's name: build, push, pull, tags, digest, tag, delete, copy, inspect.
    var command: String
    /// What the user asked for, normalised (`docker.io/library/app:v1`).
    var reference: String?
    /// copy: the reference copied from.
    var source: String?
    /// tags: the repository listed (`registry/repository`).
    var repository: String?
    /// `registry/repository@digest`, for commands that talk to a registry.
    var ref: String?
    var digest: Digest?
    var mediaType: MediaType?
    var size: Int64?
    var tags: [String]?
    /// Only for a single-platform manifest whose config names one.
    var platform: Platform?
    /// Only for build, and push when it built: the OCI format and the runtime target.
    var format: String?
    var target: String?
    /// Only when a local OCI image layout was written or read (an absolute path).
    var layout: String?
    var blobs: [Blob]?
    /// delete: always true (a failed delete is an error, not a result).
    var deleted: Bool?
    /// A command's own members after the shared ones (inspect's image summary, wasm, spin).
    var members: [JSONMember] = []
    /// What prints on stdout without `--json`, one entry per line.
    var lines: [String] = []
    /// Whether GitHub's step summary gets a table: for commands that make or move an image, not
    /// for look-ups (tags, digest, inspect), whose table would only repeat what the step asked.
    var summarised = true

    init(command: String) {
        self.command = command
    }

    /// The digest `--digest-file` and `GITHUB_OUTPUT` record: the shared member, else (inspect) the
    /// one among the command's own members.
    var recordedDigest: Digest? {
        if let digest { return digest }
        guard case .string(let text)? = members.first(where: { $0.key == "digest" })?.value else { return nil }
        return try? Digest(parsing: text)
    }

    /// The JSON object, members in schema order.
    var json: JSONValue {
        var object: [JSONMember] = [
            JSONMember(key: "schemaVersion", value: .integer(Int64(Self.schemaVersion))),
            JSONMember(key: "command", value: .string(command)),
        ]
        func add(_ key: String, _ value: JSONValue?) {
            if let value { object.append(JSONMember(key: key, value: value)) }
        }
        add("reference", reference.map(JSONValue.string))
        add("source", source.map(JSONValue.string))
        add("repository", repository.map(JSONValue.string))
        add("ref", ref.map(JSONValue.string))
        add("digest", digest.map { .string($0.description) })
        add("mediaType", mediaType.map { .string($0.rawValue) })
        add("size", size.map(JSONValue.integer))
        add("tags", tags.map { .array($0.map(JSONValue.string)) })
        add("platform", platform.map(Self.json))
        add("format", format.map(JSONValue.string))
        add("target", target.map(JSONValue.string))
        add("layout", layout.map(JSONValue.string))
        add("blobs", blobs.map { .array($0.map(Self.json)) })
        add("deleted", deleted.map(JSONValue.bool))
        object += members
        return .object(object, sortedOnOutput: false)
    }

    /// The JSON text, one line. The serde style keeps members in the order written (the canonical
    /// style would sort them) and escapes like canonical JSON.
    var jsonText: String {
        String(decoding: JSONWriter(style: .serde).bytes(json), as: UTF8.self)
    }

    private static func json(_ platform: Platform) -> JSONValue {
        var members = [
            JSONMember(key: "os", value: .string(platform.os)),
            JSONMember(key: "architecture", value: .string(platform.architecture)),
        ]
        if let variant = platform.variant { members.append(JSONMember(key: "variant", value: .string(variant))) }
        return .object(members, sortedOnOutput: false)
    }

    private static func json(_ blob: Blob) -> JSONValue {
        .object([
            JSONMember(key: "digest", value: .string(blob.descriptor.digest.description)),
            JSONMember(key: "mediaType", value: .string(blob.descriptor.mediaType.rawValue)),
            JSONMember(key: "size", value: .integer(blob.descriptor.size)),
            JSONMember(key: "outcome", value: .string(blob.outcome.rawValue)),
        ], sortedOnOutput: false)
    }
}
