/// A component import or export name as the binary spells it (`nameattributes`): the name, plus
/// the optional `implements` and `versionsuffix` attributes newer toolchains add.
// component-model design/mvp/Binary.md "Import and Export Definitions": 0x00 / 0x01 name,
// 0x02 name vec(attribute) with 0x00 implements, 0x01 versionsuffix, 0x02 external-id.
public struct WasmExternName: Hashable, Sendable, CustomStringConvertible {
    /// `wasi:http/incoming-handler@0.2.0`, `fermyon:spin/key-value@2.0.0`, or a plain name (`run`).
    public var name: String
    /// The interface a plain-named instance implements (`(implements "wasi:keyvalue/store@0.2.0")`).
    public var implements: String?
    /// Appended to a shortened version in `name` (`@0.2` + `.6`) to give the full semver.
    public var versionSuffix: String?

    public init(_ name: String, implements: String? = nil, versionSuffix: String? = nil) {
        self.name = name
        self.implements = implements
        self.versionSuffix = versionSuffix
    }

    /// The name with its version suffix: what a host matches against.
    public var description: String { name + (versionSuffix ?? "") }

    /// The interface this names: `implements` when present, else the name itself; nil for a
    /// plain name such as `run` or `[method]fields.get`.
    public var interface: WasmInterfaceName? {
        if let implements { return WasmInterfaceName(parsing: implements) }
        return WasmInterfaceName(parsing: description)
    }
}
