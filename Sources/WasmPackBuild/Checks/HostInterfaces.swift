import WasmPackWasm

/// What a target's runtime links for a wasm binary and what it calls on it: the one table the
/// import checks and `inspect` compare binaries with. Facts come from runtimes.md §2 and, for the
/// Spin 2.0.1 and 3.6.3 rows, from Spin's source at those tags (cited per entry); where a source is
/// silent the table accepts, so a check never refuses an app that would run.
public struct HostInterfaces: Sendable, Hashable {
    /// Whether the runtime runs core modules (Spin 1.4+ turns them into components itself).
    public let runsModules: Bool
    public let runsComponents: Bool
    /// Core-module import names the runtime links; nil when the reference does not list them, so
    /// they are not checked.
    public let moduleNames: Set<String>?
    /// Interfaces a component may import.
    public let interfaces: [InterfaceRule]
    /// The HTTP handler exports the runtime calls; a component exporting another version of
    /// `wasi:http/incoming-handler` or `wasi:http/handler` is never called. nil: not checked.
    public let handlerExports: [InterfaceRule]?

    public init(
        runsModules: Bool, runsComponents: Bool, moduleNames: Set<String>?, interfaces: [InterfaceRule],
        handlerExports: [InterfaceRule]?
    ) {
        self.runsModules = runsModules
        self.runsComponents = runsComponents
        self.moduleNames = moduleNames
        self.interfaces = interfaces
        self.handlerExports = handlerExports
    }

    /// The table for a target's host interface set; an unknown id gets a table that accepts
    /// everything (a new target must add its row here to be checked).
    public static func `for`(_ set: HostInterfaceSet) -> HostInterfaces {
        switch set.id {
        case "spin-0.4": return spin04
        case "spin-2.0": return spin20
        case "spin-3": return spin3
        case "wws-1.7": return wws17
        case "slight-0.5": return coreModulesOnly
        case "lunatic-0.13": return coreModulesOnly
        default: return HostInterfaces(runsModules: true, runsComponents: true, moduleNames: nil, interfaces: [], handlerExports: nil)
        }
    }

    /// Whether a component import (or export) of this interface is provided.
    public func provides(_ name: WasmInterfaceName) -> Bool {
        interfaces.contains { $0.matches(name) }
    }

    // MARK: - The tables

    /// runtimes.md §2.2: the Spin 0.x module ABI, one import module per WIT file, by the Spin
    /// release that added its host. `wasi_experimental_http` existed only up to 0.4.x (§2.2).
    static let spinModuleABI: [(name: String, since: String)] = [
        ("wasi_snapshot_preview1", "0.4.0"), ("spin-config", "0.4.0"), ("wasi-outbound-http", "0.4.0"),
        ("outbound-redis", "0.4.0"), ("outbound-pg", "0.5.0"), ("outbound-mysql", "0.7.0"),
        ("key-value", "0.9.0"), ("sqlite", "1.3.0"),
        // §2.4: `llm` joined Spin's world at 1.5; its old-ABI module name is the WIT file stem too.
        ("llm", "1.5.0"),
    ]

    static func spinModules(upTo release: String) -> Set<String> {
        let version = WasmSemanticVersion.known(release)
        return Set(spinModuleABI.filter { WasmSemanticVersion.known($0.since) <= version }.map(\.name))
    }

    /// The original AKS WASI shim (deislabs v0.3.0 on Spin 0.4.0 crates) runs core modules only
    /// (components came with Spin 1.4/2.0) and links only `link_defaults()` = WASI + config: it
    /// never added the outbound HTTP and Redis host components the Spin CLI adds (runtimes.md §2.3
    /// items 2-5), so `wasi-outbound-http` and `outbound-redis` fail there although Spin 0.4 had them.
    static let spin04 = HostInterfaces(
        runsModules: true, runsComponents: false, moduleNames: ["wasi_snapshot_preview1", "spin-config"],
        interfaces: [], handlerExports: nil)

    /// Spin 2.0.1 (deislabs shim v0.10; the oldest Spin of the spin-shim-v2 range).
    /// Modules: componentized, with the old module names still adapted (runtimes.md §2.4).
    /// Components: the unversioned `fermyon:spin` world and `fermyon:spin@2.0.0` (§2.5); WASI only at
    /// 0.2.0-rc-2023-10-18, the one WASI Spin 2.0 exports a handler for (§2.5 table: 2.0 calls only
    /// `incoming-handler@0.2.0-rc-2023-10-18`; WASI 0.2.0 final came with 2.2, "checker rule of thumb").
    /// Checked against Spin's tag v2.0.1: `wit/` ships only `fermyon:spin`, `fermyon:spin@2.0.0`,
    /// `wasi:http@` and `wasi:io@0.2.0-rc-2023-10-18`; the host is wasmtime 14 (Fermyon fork), whose
    /// preview2 and wasi-http linkers are that candidate; `crates/trigger-http/src/handler.rs` calls
    /// `wasi:http/incoming-handler@0.2.0-rc-2023-10-18` or `fermyon:spin/inbound-http`. Pre-releases
    /// never match another version, and `fermyon:spin@2.0.0` is kept exact (wasmtime 14 predates the
    /// linker's semver lookup).
    static let spin20 = HostInterfaces(
        runsModules: true, runsComponents: true, moduleNames: spinModules(upTo: "2.0.1"),
        interfaces: [
            InterfaceRule("fermyon", package: "spin", versions: .unversioned),
            InterfaceRule("fermyon", package: "spin", versions: .exactly([.known("2.0.0")])),
            InterfaceRule("wasi", versions: .exactly([.known("0.2.0-rc-2023-10-18")])),
        ],
        handlerExports: [
            InterfaceRule("fermyon", package: "spin", interface: "inbound-http", versions: .unversioned),
            InterfaceRule("wasi", package: "http", interface: "incoming-handler", versions: .exactly([.known("0.2.0-rc-2023-10-18")])),
        ])

    /// Spin 3.6.3 (SpinKube v0.24), from Spin's own source at tag v3.6.3 (github.com/spinframework/spin):
    /// - `crates/world/src/lib.rs` binds the host world `fermyon:spin/host` + `fermyon:spin/platform@2.0.0`
    ///   + `@3.0.0` + `spin:up/platform@3.2.0/3.4.0/3.6.0` + `wasi:keyvalue/imports@0.2.0-draft2`;
    ///   `wit/world.wit` (`spin:up@3.6.0`) adds `spin:postgres@3.0.0` and `@4.0.0`, `spin:sqlite@3.0.0`,
    ///   `wasi:config/store@0.2.0-draft-2024-09-27`, `wasi:otel@0.2.0-rc.2` (feature-gated) and the
    ///   WASI 0.3 imports at `0.3.0-rc-2026-01-06` only (`wit/deps/*-0.3.0-rc-2026-01-06.wit`, the
    ///   p3 linkers in `crates/factor-outbound-http/src/wasi.rs`).
    /// - WASI 0.2: `wit/deps` ships 0.2.0, 0.2.3 and 0.2.6 plus the two 2023 release candidates, which
    ///   `crates/factor-wasi/src/wasi_2023_{10_18,11_10}.rs` and `crates/factor-outbound-http` link.
    /// Version matching is wasmtime's (see `InterfaceRule.Versions.linkedFrom`): any `wasi:*@0.2.x`
    /// release links, a `0.3.0` release or another 0.3 candidate does not, `spin:sqlite@3.1.0` links
    /// to 3.0.0 by name, `fermyon:spin@2.x` to 2.0.0.
    static let spin3 = HostInterfaces(
        runsModules: true, runsComponents: true, moduleNames: spinModules(upTo: "3.6.3"),
        interfaces: [
            InterfaceRule("fermyon", package: "spin", versions: .unversioned),
            InterfaceRule("fermyon", package: "spin", versions: .linkedFrom([.known("2.0.0")])),
            InterfaceRule("wasi", versions: .linkedFrom([
                .known("0.2.6"), .known("0.2.0-rc-2023-10-18"), .known("0.2.0-rc-2023-11-10"),
                .known("0.3.0-rc-2026-01-06"),
            ])),
            InterfaceRule("wasi", package: "keyvalue", versions: .linkedFrom([.known("0.2.0-draft2")])),
            InterfaceRule("wasi", package: "config", versions: .linkedFrom([.known("0.2.0-draft-2024-09-27")])),
            InterfaceRule("wasi", package: "otel", versions: .linkedFrom([.known("0.2.0-rc.2")])),
            InterfaceRule("spin", package: "postgres", versions: .linkedFrom([.known("3.0.0"), .known("4.0.0")])),
            InterfaceRule("spin", package: "sqlite", versions: .linkedFrom([.known("3.0.0")])),
        ],
        handlerExports: [
            // v3.6.3 `crates/http/src/trigger.rs` `HandlerType::from_instance_pre`: exactly these.
            InterfaceRule("fermyon", package: "spin", interface: "inbound-http", versions: .unversioned),
            // `WASI_HTTP_EXPORT_0_2_PREFIX` (any 0.2 release, found by wasmtime's semver export lookup)
            // and the two 2023 candidates by name.
            InterfaceRule("wasi", package: "http", interface: "incoming-handler", versions: .linkedFrom([
                .known("0.2.6"), .known("0.2.0-rc-2023-10-18"), .known("0.2.0-rc-2023-11-10"),
            ])),
            // `WASI_HTTP_EXPORT_0_3_0_UNSTABLE`: only this candidate, and Spin runs it only with
            // `executor = { type = "wasip3-unstable" }` (`validate_executor`), which is not checked here.
            InterfaceRule("wasi", package: "http", interface: "handler", versions: .exactly([.known("0.3.0-rc-2026-01-06")])),
        ])

    /// Wasm Workers Server 1.7 (runtimes.md §1.3): workers are WASI preview1 commands that may
    /// import the old-wit-bindgen `http` module and wasi-nn; preview2 command components are linked
    /// with `preview2::command::add_to_linker`. Which wasi-nn module name and which preview2
    /// versions it links are not in the reference: any `wasi_ephemeral_nn` import and any
    /// `wasi:*@0.2.*` are accepted.
    static let wws17 = HostInterfaces(
        runsModules: true, runsComponents: true,
        moduleNames: ["wasi_snapshot_preview1", "http", "wasi_ephemeral_nn"],
        interfaces: [InterfaceRule("wasi", versions: .series(major: 0, minor: 2))],
        handlerExports: nil)

    /// Slight 0.5 and Lunatic 0.13 run core modules (a WASI command's `_start`, runtimes.md §1.2,
    /// §1.4). The reference does not list their host modules (Slight's capability ABI, Lunatic's
    /// `lunatic::*`), so module imports are not checked.
    static let coreModulesOnly = HostInterfaces(
        runsModules: true, runsComponents: false, moduleNames: nil, interfaces: [], handlerExports: nil)
}
