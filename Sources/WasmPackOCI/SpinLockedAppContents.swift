#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A Spin locked app (the JSON in a Spin registry artifact's `…spin.application.v1+config` layer),
/// as far as a consumer needs it: which components, where each one's wasm and files come from, and
/// the triggers. Pure value type, in the OCI layer so that both the Registry's pull and Build can
/// read it without either importing the other (the Registry knows nothing of spin.toml).
// formats.md §2.4; spinframework/spin crates/locked-app/src/locked.rs
public struct SpinLockedAppContents: Decodable, Sendable, Equatable {
    public var spinLockVersion: Int
    public var mustUnderstand: [String]
    public var metadata: [JSONMember]
    public var variables: [JSONMember]
    public var triggers: [Trigger]
    public var components: [Component]

    /// The most bytes a locked app may have: a layer claiming more is refused unread.
    public static let sizeLimit: Int64 = 16 << 20

    public struct Trigger: Decodable, Sendable, Equatable {
        public var id: String
        public var triggerType: String
        public var triggerConfig: JSONValue
        enum CodingKeys: String, CodingKey { case id, triggerType = "trigger_type", triggerConfig = "trigger_config" }
    }

    public struct Component: Decodable, Sendable, Equatable {
        public var id: String
        public var metadata: [JSONMember]
        public var source: Content
        public var env: [JSONMember]
        public var files: [Content]
        public var config: [JSONMember]
        /// Its wasm dependencies (uncomposed push), by dependency name.
        public var dependencies: [String: Dependency]

        enum CodingKeys: String, CodingKey { case id, metadata, source, env, files, config, dependencies }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(String.self, forKey: .id)
            metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)?.members ?? []
            source = try container.decode(Content.self, forKey: .source)
            env = try container.decodeIfPresent(JSONValue.self, forKey: .env)?.members ?? []
            files = try container.decodeIfPresent([Content].self, forKey: .files) ?? []
            config = try container.decodeIfPresent(JSONValue.self, forKey: .config)?.members ?? []
            dependencies = try container.decodeIfPresent([String: Dependency].self, forKey: .dependencies) ?? [:]
        }
    }

    /// A component dependency (locked.rs `LockedComponentDependency`): its wasm, the export it
    /// names, and whether it inherits all of the component's configuration (`"inherit": "All"`).
    public struct Dependency: Decodable, Sendable, Equatable {
        public var source: Content
        public var export: String?
        public var inherit: JSONValue?

        public var inheritsAll: Bool { inherit == .string("All") }
    }

    /// A component's wasm (no `path`) or one of its files: bytes inline, or named by digest.
    public struct Content: Decodable, Sendable, Equatable {
        public var inline: String?
        public var digest: String?
        public var path: String?

        /// The inline bytes: standard base64 without padding, as Spin writes it; nil if absent or invalid.
        public var inlineBytes: [UInt8]? {
            guard var text = inline else { return nil }
            text += String(repeating: "=", count: (4 - text.count % 4) % 4)
            return Data(base64Encoded: text).map { [UInt8]($0) }
        }
    }

    enum CodingKeys: String, CodingKey {
        case spinLockVersion = "spin_lock_version", mustUnderstand = "must_understand", metadata, variables, triggers, components
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        spinLockVersion = try container.decode(Int.self, forKey: .spinLockVersion)
        mustUnderstand = try container.decodeIfPresent([String].self, forKey: .mustUnderstand) ?? []
        metadata = try container.decodeIfPresent(JSONValue.self, forKey: .metadata)?.members ?? []
        variables = try container.decodeIfPresent(JSONValue.self, forKey: .variables)?.members ?? []
        triggers = try container.decodeIfPresent([Trigger].self, forKey: .triggers) ?? []
        components = try container.decode([Component].self, forKey: .components)
    }

    /// Reads a locked app; nil when the bytes are not one (the caller names the layer).
    public static func decode(_ bytes: [UInt8]) -> SpinLockedAppContents? {
        try? JSONDecoder().decode(SpinLockedAppContents.self, from: Data(bytes))
    }

    /// A path from the locked app is safe to join under a folder only if it is relative and every
    /// component is a plain name (Spin's `is_safe_to_join`; the same rule as tar entries).
    public static func isSafeRelativePath(_ path: String) -> Bool {
        guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("\0"), !path.contains("\\") else { return false }
        return path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }
}
