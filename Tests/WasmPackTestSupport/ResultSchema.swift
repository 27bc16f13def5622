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

    /// What one command's object may hold: its members in the one order they may appear, those it
    /// always has, and the blob outcomes it may report.
    public struct Shape: Sendable {
        public var order: [String]
        public var required: Set<String>
        public var outcomes: Set<String> = []

        /// `order` keeps the schema's order of `members`; schemaVersion and command always come first.
        init(_ members: [String], optional: Set<String> = [], outcomes: Set<String> = [], memberOrder: [String] = ResultSchema.memberOrder) {
            let all = ["schemaVersion", "command"] + members
            order = memberOrder.filter(all.contains) + members.filter { !memberOrder.contains($0) }
            required = Set(all).subtracting(optional)
            self.outcomes = outcomes
        }
    }

    /// The shape of each command's object, as the README's table gives it. inspect prints the
    /// image summary it printed before version 1 (an index: its own members), after the shared ones.
    public static let shapes: [String: Shape] = [
        "build": Shape(
            ["digest", "mediaType", "size", "tags", "platform", "format", "target", "layout", "blobs"],
            optional: ["platform", "target"], outcomes: ["written"]),
        "push": Shape(
            ["reference", "ref", "digest", "mediaType", "size", "tags", "platform", "format", "target", "layout", "blobs"],
            optional: ["platform", "format", "target"], outcomes: ["uploaded", "existed", "mounted"]),
        "pull": Shape(
            ["reference", "ref", "digest", "mediaType", "size", "tags", "platform", "layout", "blobs"],
            optional: ["platform"], outcomes: ["downloaded", "present"]),
        "digest": Shape(["reference", "ref", "digest", "mediaType", "size"]),
        "tag": Shape(["reference", "ref", "digest", "mediaType", "size", "tags"]),
        "delete": Shape(["reference", "ref", "digest", "mediaType", "size", "deleted"]),
        "copy": Shape(
            ["reference", "source", "ref", "digest", "mediaType", "size", "tags", "blobs"],
            outcomes: ["copied", "existed", "mounted"]),
        "tags": Shape(["repository", "tags"]),
        "inspect": Shape(
            inspectImageMembers, optional: ["reference", "ref", "layout", "tag", "format", "platform", "created", "diffIDs", "wasm", "spin"],
            memberOrder: ["schemaVersion", "command"] + inspectImageMembers),
    ]
    /// inspect's members for an image: the registry's reference and ref, then the image summary
    /// (a layout's, with its wasm and Spin app).
    static let inspectImageMembers = [
        "reference", "ref", "layout", "tag", "digest", "mediaType", "size", "config", "format", "platform", "created",
        "diffIDs", "layers", "annotations", "wasm", "spin",
    ]
    /// inspect of an index in a registry.
    public static let inspectIndex = Shape(
        ["reference", "ref", "digest", "mediaType", "size", "manifests", "annotations"], optional: ["annotations"],
        memberOrder: ["schemaVersion", "command", "reference", "ref", "digest", "mediaType", "size", "manifests", "annotations"])

    /// Checks `stdout` against `command`'s shape (or `shape`): members in order, the required ones
    /// present, each of the right type, blob outcomes the command can report.
    public static func check(_ stdout: String, command: String, shape: Shape? = nil) -> (OrderedJSON?, [String]) {
        guard let shape = shape ?? shapes[command] else { return (nil, ["no shape for command \(command)"]) }
        guard case (let document?, var problems) = parse(stdout) else { return parse(stdout) }
        let keys = document.keys
        if shape.order.filter(keys.contains) != keys {
            problems.append("keys \(keys) are not a subsequence of \(command)'s \(shape.order)")
        }
        let missing = shape.required.subtracting(keys)
        if !missing.isEmpty { problems.append("\(command) lacks \(missing.sorted())") }
        problems += memberProblems(document, command: command)
        if !shape.outcomes.isEmpty {
            let wrong = outcomes(of: document).filter { !shape.outcomes.contains($0) }
            if !wrong.isEmpty { problems.append("\(command) cannot report outcomes \(wrong)") }
        }
        return (document, problems)
    }

    /// One line holding one JSON object that two independent parsers read.
    static func parse(_ stdout: String) -> (OrderedJSON?, [String]) {
        guard stdout.hasSuffix("\n"), !stdout.dropLast().contains("\n") else {
            return (nil, ["stdout is not exactly one line: \(stdout.debugDescription)"])
        }
        var problems: [String] = []
        // A second, independent parser must accept it too.
        if (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] == nil {
            problems.append("JSONSerialization does not read it as an object")
        }
        do { return (try OrderedJSON(parsing: stdout), problems) } catch { return (nil, problems + ["\(error)"]) }
    }

    /// Checks `stdout` (one JSON object and a newline) against version 1 with exactly
    /// `expectedKeys` at the top level; returns the document and every problem found (none when valid).
    public static func check(_ stdout: String, command: String, expectedKeys: [String]) -> (OrderedJSON?, [String]) {
        guard case (let document?, var problems) = parse(stdout) else { return parse(stdout) }
        if document.keys != expectedKeys { problems.append("keys \(document.keys), expected \(expectedKeys)") }
        let known = memberOrder.filter(document.keys.contains)
        if known != document.keys { problems.append("keys \(document.keys) are not in schema order \(memberOrder)") }
        return (document, problems + memberProblems(document, command: command))
    }

    /// Each member's type and value; inspect's own members by the image summary's shape.
    static func memberProblems(_ document: OrderedJSON, command: String) -> [String] {
        var problems: [String] = []
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
            case "platform" where command == "inspect":
                // The image summary's form, as inspect printed it before version 1.
                if (value.stringValue ?? "").split(separator: "/").count < 2 { problems.append("platform is not os/architecture: \(value)") }
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
            case "tag" where command == "inspect", "created" where command == "inspect":
                if (value.stringValue ?? "").isEmpty { problems.append("\(member) is not a non-empty string: \(value)") }
            case "config" where command == "inspect":
                problems += descriptorProblems(value, what: "config")
            case "layers" where command == "inspect", "manifests" where command == "inspect":
                guard let list = value.arrayValue else { problems.append("\(member) is not an array"); continue }
                for entry in list { problems += descriptorProblems(entry, what: member) }
            case "diffIDs" where command == "inspect":
                if value.arrayValue?.allSatisfy({ isDigest($0.stringValue ?? "") }) != true { problems.append("diffIDs are not digests: \(value)") }
            case "annotations" where command == "inspect":
                if case .object(let members) = value, members.allSatisfy({ $0.value.stringValue != nil }) {} else {
                    problems.append("annotations is not an object of strings: \(value)")
                }
            case "wasm" where command == "inspect":
                if value.arrayValue?.allSatisfy({ $0["path"]?.stringValue != nil && $0["kind"]?.stringValue != nil }) != true {
                    problems.append("wasm is not an array of reports with path and kind: \(value)")
                }
            case "spin" where command == "inspect":
                if value["components"]?.arrayValue == nil || value["triggers"]?.arrayValue == nil {
                    problems.append("spin has no components and triggers: \(value)")
                }
            default:
                problems.append("unknown member \(member)")
            }
        }
        return problems
    }

    /// A descriptor as inspect shows one: media type, digest, size (and an optional title or platform).
    static func descriptorProblems(_ value: OrderedJSON, what: String) -> [String] {
        guard !(value["mediaType"]?.stringValue ?? "").isEmpty, isDigest(value["digest"]?.stringValue ?? ""),
              (value["size"]?.integerValue ?? -1) >= 0 else {
            return ["\(what) entry is not a descriptor (mediaType, digest, size): \(value)"]
        }
        return []
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
