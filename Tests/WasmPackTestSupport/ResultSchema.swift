import Foundation

/// The `--json` result schema, version 1, as the README documents it: written down here a second
/// time, independently of the code that emits it, so a test catches the two drifting apart.
public enum ResultSchema {
    /// Every top-level member, in the one order they may appear.
    public static let memberOrder = [
        "schemaVersion", "command", "reference", "source", "repository", "ref", "digest", "mediaType", "size",
        "tags", "platform", "format", "target", "layout", "blobs", "deleted",
    ]
    public static let blobMembers = ["digest", "mediaType", "size", "outcome"]
    public static let outcomes: Set = ["uploaded", "existed", "mounted", "downloaded", "present", "written", "copied"]
    public static let formats: Set = ["image", "wasm-to-oci", "spin", "wasm"]

    /// Checks `stdout` (one JSON object and a newline) against version 1 with exactly
    /// `expectedKeys` at the top level; returns the document and every problem found (none when valid).
    public static func check(_ stdout: String, command: String, expectedKeys: [String]) -> (OrderedJSON?, [String]) {
        var problems: [String] = []
        guard stdout.hasSuffix("\n"), !stdout.dropLast().contains("\n") else {
            return (nil, ["stdout is not exactly one line: \(stdout.debugDescription)"])
        }
        // A second, independent parser must accept it too.
        if (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] == nil {
            problems.append("JSONSerialization does not read it as an object")
        }
        let document: OrderedJSON
        do { document = try OrderedJSON(parsing: stdout) } catch { return (nil, problems + ["\(error)"]) }
        if document.keys != expectedKeys { problems.append("keys \(document.keys), expected \(expectedKeys)") }
        let known = memberOrder.filter(document.keys.contains)
        if known != document.keys { problems.append("keys \(document.keys) are not in schema order \(memberOrder)") }

        for member in document.keys {
            guard let value = document[member] else { continue }
            switch member {
            case "schemaVersion":
                if value.integerValue != 1 { problems.append("schemaVersion is \(value), expected 1") }
            case "command":
                if value.stringValue != command { problems.append("command is \(value), expected \(command)") }
            case "reference", "source", "repository", "target", "mediaType":
                if (value.stringValue ?? "").isEmpty { problems.append("\(member) is not a non-empty string: \(value)") }
            case "ref":
                let parts = value.stringValue?.split(separator: "@", omittingEmptySubsequences: false) ?? []
                if parts.count != 2 || parts[0].isEmpty || !isDigest(String(parts[1])) {
                    problems.append("ref is not registry/repository@sha256:…: \(value)")
                } else if let digest = document["digest"]?.stringValue, String(parts[1]) != digest {
                    problems.append("ref \(value) does not end in the digest \(digest)")
                }
            case "digest":
                if !isDigest(value.stringValue ?? "") { problems.append("digest is not sha256:<64 hex>: \(value)") }
            case "size":
                if (value.integerValue ?? 0) <= 0 { problems.append("size is not a positive integer: \(value)") }
            case "tags":
                if value.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true { problems.append("tags is not an array of strings") }
            case "platform":
                let keys = value.keys
                if !(keys == ["os", "architecture"] || keys == ["os", "architecture", "variant"])
                    || keys.contains(where: { (value[$0]?.stringValue ?? "").isEmpty }) {
                    problems.append("platform is not {os, architecture[, variant]} strings: \(value)")
                }
            case "format":
                if !formats.contains(value.stringValue ?? "") { problems.append("format \(value) is not one of \(formats.sorted())") }
            case "layout":
                if !(value.stringValue ?? "").hasPrefix("/") { problems.append("layout is not an absolute path: \(value)") }
            case "blobs":
                guard let blobs = value.arrayValue else { problems.append("blobs is not an array"); continue }
                for blob in blobs {
                    if blob.keys != blobMembers { problems.append("blob keys \(blob.keys), expected \(blobMembers)") }
                    if !isDigest(blob["digest"]?.stringValue ?? "") { problems.append("blob digest is not sha256:…: \(blob)") }
                    if (blob["mediaType"]?.stringValue ?? "").isEmpty { problems.append("blob mediaType is missing: \(blob)") }
                    if (blob["size"]?.integerValue ?? -1) < 0 { problems.append("blob size is not an integer: \(blob)") }
                    if !outcomes.contains(blob["outcome"]?.stringValue ?? "") { problems.append("blob outcome is not one of \(outcomes.sorted()): \(blob)") }
                }
            case "deleted":
                if value != .bool(true) { problems.append("deleted is not true: \(value)") }
            default:
                problems.append("unknown member \(member)")
            }
        }
        return (document, problems)
    }

    /// `sha256:` and 64 lower-case hex digits.
    public static func isDigest(_ text: String) -> Bool {
        guard text.hasPrefix("sha256:") else { return false }
        let hex = text.dropFirst(7)
        return hex.count == 64 && hex.allSatisfy { ("0"..."9").contains($0) || ("a"..."f").contains($0) }
    }

    /// The blobs' outcomes, in order.
    public static func outcomes(of document: OrderedJSON?) -> [String] {
        document?["blobs"]?.arrayValue?.compactMap { $0["outcome"]?.stringValue } ?? []
    }
}
