import WasmPackLayout
import WasmPackOCI

/// What `inspect` shows of a Spin registry artifact: its components (wasm and files) and
/// triggers, read from the locked-app layer.
public struct SpinAppReport: Encodable, Sendable {
    public struct Component: Encodable, Sendable {
        public var id: String
        /// The digest of the component's wasm layer.
        public var wasm: String
        public var files: [File]
    }

    public struct File: Encodable, Sendable {
        public var path: String
        /// The data layer holding it; nil when the locked app carries it inline.
        public var digest: String?
        public var inline: Bool
    }

    public struct Trigger: Encodable, Sendable {
        public var id: String
        public var type: String
        public var component: String?
        /// The trigger's other settings as `key=value` (route, channel, …).
        public var settings: [String]
    }

    public var format = "spin"
    public var components: [Component]
    public var triggers: [Trigger]

    /// The report for the image of `summary`; nil when it is no Spin artifact. A locked app that
    /// cannot be read is an error, as `pull --extract` would refuse it.
    public init?(layout: OCILayout, summary: ImageSummary) throws(SpinExtractError) {
        let locked = summary.layers.last(where: { $0.mediaType == .spinApplication })
            ?? (summary.config.mediaType == .spinApplication ? summary.config : nil)
        guard let locked else { return nil }
        let bytes: [UInt8]
        do {
            bytes = try layout.readBlob(Descriptor(mediaType: locked.mediaType, digest: locked.digest, size: locked.size))
        } catch {
            throw .invalidLockedApp(digest: locked.digest.description)
        }
        guard let app = SpinLockedAppContents.decode(bytes) else { throw .invalidLockedApp(digest: locked.digest.description) }
        components = app.components.map { component in
            Component(
                id: component.id, wasm: component.source.digest ?? "-",
                files: component.files.map { File(path: $0.path ?? "", digest: $0.inline == nil ? $0.digest : nil, inline: $0.inline != nil) })
        }
        triggers = app.triggers.map { trigger in
            let members = trigger.triggerConfig.members ?? []
            let component = members.first(where: { $0.key == "component" })?.value
            return Trigger(
                id: trigger.id, type: trigger.triggerType,
                component: { if case .string(let id)? = component { return id } else { return nil } }(),
                settings: members.filter { $0.key != "component" }.map { "\($0.key)=\(Self.text($0.value))" })
        }
    }

    private static func text(_ value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return String(decoding: JSONWriter(style: .canonical).bytes(value), as: UTF8.self)
    }
}
