import WasmPackOCI

/// The `--json` objects of the registry commands (tags, digest, copy, tag, delete), schema
/// version 1: `schemaVersion` and `command` first, then the members in the README's order,
/// absent ones left out. One place, so moving onto a shared result emitter is one change.
enum RemoteResult {
    /// `{"schemaVersion":1,"command":…,…members}` on one line.
    static func json(command: String, _ members: [JSONMember]) -> String {
        let object = [JSONMember(key: "schemaVersion", value: .integer(1)), JSONMember(key: "command", value: .string(command))] + members
        // Insertion order (serde style): schema v1 fixes the key order; the canonical style would sort it.
        return String(decoding: JSONWriter(style: .serde).bytes(.object(object, sortedOnOutput: false)), as: UTF8.self)
    }

    /// reference, [source], ref, digest, mediaType, size, [tags]: the push shape without blobs.
    static func image(
        reference: Reference, source: Reference? = nil, manifest: Descriptor, tags: [String]? = nil
    ) -> [JSONMember] {
        var members = [JSONMember(key: "reference", value: .string(reference.description))]
        if let source { members.append(JSONMember(key: "source", value: .string(source.description))) }
        members += [
            JSONMember(key: "ref", value: .string("\(reference.registry)/\(reference.repository)@\(manifest.digest)")),
            JSONMember(key: "digest", value: .string(manifest.digest.description)),
            JSONMember(key: "mediaType", value: .string(manifest.mediaType.rawValue)),
            JSONMember(key: "size", value: .integer(manifest.size)),
        ]
        if let tags { members.append(JSONMember(key: "tags", value: .array(tags.map(JSONValue.string)))) }
        return members
    }

    /// One entry of `blobs`.
    static func blob(_ descriptor: Descriptor, outcome: String) -> JSONValue {
        .object([
            JSONMember(key: "digest", value: .string(descriptor.digest.description)),
            JSONMember(key: "mediaType", value: .string(descriptor.mediaType.rawValue)),
            JSONMember(key: "size", value: .integer(descriptor.size)),
            JSONMember(key: "outcome", value: .string(outcome)),
        ], sortedOnOutput: false)
    }
}
