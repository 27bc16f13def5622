#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackOCI
import WasmPackSpin

/// One `[component.<id>.dependencies]` entry with a local `{ path = … }`, as Spin's uncomposed push
/// (Spin 2.4-3.1, or `--compose=false`) publishes it: its own `+wasm` layer, and an entry in the
/// locked component's `dependencies` map.
// crates/locked-app locked.rs `LockedComponentDependency`; crates/loader local.rs
// `load_component_dependency`; crates/oci client.rs `assemble_layers_uncomposed`.
struct SpinLockedDependency {
    /// The dependency name as written (a plain kebab name, or `ns:pkg[/interface][@version]`).
    let name: String
    /// The wasm file, absolute.
    let path: String
    let export: String?
    /// Set once the file is a layer.
    var content: SpinContentRef?

    /// The component's local dependencies, in the order Spin's `BTreeMap<DependencyName, …>` keeps
    /// them. Anything but a local path is resolved by Spin itself and cannot be packed offline.
    static func declared(in table: TOMLTable, manifestDirectory: String, manifest: String, component: String) throws(BuildError) -> [SpinLockedDependency] {
        guard let entries = table["dependencies"]?.table else { return [] }
        var found: [SpinLockedDependency] = []
        for name in entries.keys {
            guard let entry = entries[name]?.table, let path = entry["path"]?.string else {
                throw .spinFormatUnsupported(
                    manifest: manifest, what: "dependencies other than a local `{ path = … }` (component '\(component)', dependency '\(name)')")
            }
            let absolute = path.hasPrefix("/") ? path : URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: manifestDirectory, isDirectory: true)).standardizedFileURL.path
            found.append(SpinLockedDependency(name: name, path: absolute, export: entry["export"]?.string))
        }
        return found.sorted { order($0.name, $1.name) }
    }

    /// spin_serde `DependencyName`'s `Ord`: plain names before package names; plain names by bytes;
    /// package names by (namespace, name, interface, version), a missing part first.
    // Versions compare as text here, not as semver: equal for the usual single-digit parts.
    static func order(_ left: String, _ right: String) -> Bool {
        let a = key(left), b = key(right)
        if a.package != b.package { return !a.package }
        for (x, y) in zip(a.parts, b.parts) where x != y {
            guard let x else { return true }
            guard let y else { return false }
            return x.utf8.lexicographicallyPrecedes(y.utf8)
        }
        return false
    }

    private static func key(_ name: String) -> (package: Bool, parts: [String?]) {
        guard let colon = name.firstIndex(of: ":") else { return (false, [name]) }
        var rest = Substring(name[name.index(after: colon)...])
        var version: String?
        if let at = rest.firstIndex(of: "@") { version = String(rest[rest.index(after: at)...]); rest = rest[..<at] }
        var interface: String?
        if let slash = rest.firstIndex(of: "/") { interface = String(rest[rest.index(after: slash)...]); rest = rest[..<slash] }
        return (true, [String(name[..<colon]), String(rest), interface, version])
    }

    /// `{"source":{"content_type":"application/wasm",…},"export":…,"inherit":"All"}`: `export` is
    /// null when absent (not skipped); `inherit` is left out unless the component inherits all.
    func json(inheritAll: Bool) -> JSONValue {
        var members = [
            JSONMember(key: "source", value: .object(
                [JSONMember(key: "content_type", value: .string("application/wasm"))] + (content?.members ?? []), sortedOnOutput: false)),
            JSONMember(key: "export", value: export.map { .string($0) } ?? .null),
        ]
        if inheritAll { members.append(JSONMember(key: "inherit", value: .string("All"))) }
        return .object(members, sortedOnOutput: false)
    }
}
