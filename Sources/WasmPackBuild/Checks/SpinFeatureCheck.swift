#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackSpin
import WasmPackWasm

/// Manifest keys that only a newer Spin reads than the target's: Spin ignores or refuses what it
/// does not know, so the app would start without the feature or not at all.
struct SpinFeatureCheck {
    let target: RuntimeTarget

    /// A key of `[component.<id>]` and the first Spin release that reads it.
    struct Feature: Sendable {
        let key: String
        let since: String
        /// True when the component table uses it.
        let isUsed: @Sendable (TOMLTable) -> Bool
    }

    // formats.md §6.3/§6.4 and §2.2. v2 manifests only: v1 has none of these keys.
    static let componentFeatures: [Feature] = [
        // §6.4: `source = { registry, package, version }` from Spin 2.6.
        Feature(key: "source = { registry, package, version }", since: "2.6.0") { table in
            table["source"]?.table?["package"] != nil
        },
        // §6.4 and §2.2 (v3.0.0 "component dependencies").
        Feature(key: "dependencies", since: "3.0.0") { $0["dependencies"] != nil },
        // Came with dependencies (it configures them); [INFERENCE] same release.
        Feature(key: "dependencies_inherit_configuration", since: "3.0.0") { $0["dependencies_inherit_configuration"] != nil },
        // §6.3: `[component.<id>.profile.<name>]` is Spin 4.0.
        Feature(key: "profile", since: "4.0.0") { $0["profile"] != nil },
    ]

    /// A key of one `[[trigger.<type>]]` entry and the first Spin release that reads it. Spin
    /// hands a trigger's keys to that trigger's config, which refuses unknown fields
    /// (`HttpTriggerConfig` is `deny_unknown_fields` from 2.0 to 3.6.3), so an older Spin does not
    /// start the app at all ("unknown field").
    struct TriggerFeature: Sendable {
        let type: String
        let key: String
        let since: String
    }

    // Found by building real apps from spinframework/spin tests/testcases and examples/ (their
    // git history dates each key).
    static let triggerFeatures: [TriggerFeature] = [
        // `static_response` came with spin 058b1751 "Static HTTP responses": first in v3.5.0.
        TriggerFeature(type: "http", key: "static_response", since: "3.5.0"),
        // HTTP middleware (`dependencies.middleware = [...]`, spin ebfa5eba, 2026-06-26) is on
        // canary only, after v4.0.2 and with world spin:up@4.1.0 [INFERENCE: so 4.1.0 at the
        // earliest]; v3.6.3's HttpTriggerConfig refuses the key.
        TriggerFeature(type: "http", key: "dependencies", since: "4.1.0"),
    ]

    /// Every key of the v2 tables Spin reads with `deny_unknown_fields` (`AppManifest`,
    /// `AppDetails`, `Component` in crates/manifest/src/schema/v2.rs, up to canary). A key outside
    /// these is refused by every Spin release; keys of later releases are `componentFeatures`.
    /// Found on spinframework/spin-js-sdk examples/spin-host-apis/spin-llm (`allowed_models`).
    static let topLevelKeys: Set<String> = ["spin_manifest_version", "application", "variables", "trigger", "component"]
    static let applicationKeys: Set<String> = ["name", "version", "description", "authors", "targets", "trigger", "tool"]
    static let componentKeys: Set<String> = [
        "source", "description", "variables", "environment", "files", "exclude_files", "allowed_http_hosts",
        "allowed_outbound_hosts", "key_value_stores", "sqlite_databases", "ai_models", "targets", "build", "tool",
        "dependencies_inherit_configuration", "dependencies", "profile",
    ]

    /// Keys no Spin reads, by their place in the manifest.
    private func unknownKeys(_ root: TOMLTable) -> [String] {
        var keys = root.keys.filter { !Self.topLevelKeys.contains($0) }
        if let application = root["application"]?.table {
            keys += application.keys.filter { !Self.applicationKeys.contains($0) }.map { "[application] \($0)" }
        }
        for id in root["component"]?.table?.keys ?? [] {
            guard let table = root["component"]?.table?[id]?.table else { continue }
            keys += table.keys.filter { !Self.componentKeys.contains($0) }.map { "[component.\(id)] \($0)" }
        }
        return keys
    }

    func failures(of app: SpinApp) -> [CheckFailure] {
        guard app.manifestVersion == .v2, let spin = target.hostInterfaces.spinVersion.flatMap(WasmSemanticVersion.init(parsing:)),
            let root = Self.read(app.manifestFile.absolutePath), let components = root["component"]?.table
        else { return [] }
        var failures = unknownKeys(root).map { key in
            CheckFailure(file: app.manifestFile.relativePath, component: nil, target: target, problem: .unknownKey(key: key), alternatives: [])
        }
        for feature in Self.triggerFeatures where spin < .known(feature.since) {
            let entries = root["trigger"]?.table?[feature.type]?.array ?? []
            for (index, entry) in entries.enumerated() where entry.table?[feature.key] != nil {
                failures.append(failure(
                    app, key: "trigger.\(feature.type)[\(index)].\(feature.key)", since: feature.since))
            }
        }
        for id in components.keys {
            guard let table = components[id]?.table else { continue }
            for feature in Self.componentFeatures where feature.isUsed(table) && spin < .known(feature.since) {
                failures.append(failure(app, key: "[component.\(id)] \(feature.key)", since: feature.since))
            }
        }
        return failures
    }

    /// The failure for a key, naming the other targets whose Spin reads it.
    private func failure(_ app: SpinApp, key: String, since: String) -> CheckFailure {
        let alternatives = RuntimeTarget.all.filter { other in
            guard other != target, let version = other.hostInterfaces.spinVersion.flatMap(WasmSemanticVersion.init(parsing:)) else { return false }
            return version >= .known(since)
        }.map(\.name)
        return CheckFailure(
            file: app.manifestFile.relativePath, component: nil, target: target,
            problem: .manifestKey(key: key, since: since), alternatives: alternatives)
    }

    /// The manifest's table; nil when it cannot be read again (the reader already accepted it, so
    /// a file changed meanwhile is left to the build's own read).
    private static func read(_ path: String) -> TOMLTable? {
        // Bounded like SpinManifestReader's own read (16 MiB).
        guard let bytes = try? FileContents.read(atPath: path, upTo: ScratchImageFormat.manifestSizeLimit) else { return nil }
        return try? TOMLReader.parse(bytes)
    }
}
