import Foundation
import Testing
import WasmPackBuild
import WasmPackWasm
import WasmPackTestSupport

/// The checks that the target's runtime will start the app, run before anything is written: each
/// failure's one-line message, a passing case per target, and the tables behind them.
@Suite("Runtime checks")
struct RuntimeCheckTests {
    static func build(_ app: String, target: RuntimeTarget, skipChecks: Bool = false) throws -> (Result<BuildResult, BuildError>, output: String) {
        let output = try TestScratch.folder("checks") + "/layout"
        let options = BuildOptions(output: output, target: target, skipChecks: skipChecks)
        do {
            return (.success(try Builder().build(path: Support.testdata + "/" + app, options: options, workingDirectory: "/")), output)
        } catch {
            return (.failure(error), output)
        }
    }

    /// The build's error line, checking that nothing was written.
    static func failure(_ app: String, target: RuntimeTarget) throws -> String {
        let (result, output) = try build(app, target: target)
        guard case .failure(let error) = result else {
            Issue.record("\(app) built for \(target.name)")
            return ""
        }
        #expect(!FileManager.default.fileExists(atPath: output), "a failed check must write nothing")
        #expect(!error.description.contains("\n"))
        return error.description
    }

    // MARK: - Every check's message

    @Test func aModuleImportingOutboundHTTPFailsForTheOriginalAKSShimNamingImportFileAndTarget() throws {
        #expect(try Self.failure("checks/outbound-http", target: .aksWasiV1) == "'bin/hello.wasm' (component 'hello') imports wasi-outbound-http::request, which --target aks-wasi-v1 (Spin 0.4.0) does not provide; choose --target spinkube or spin-shim-v2, or drop the import (an older SDK may not need it), or pass --skip-checks")
    }

    @Test func theSameModuleRunsOnSpinShimV2AndSpinKubeWhoseSpinAdaptsTheOldABI() throws {
        for target in [RuntimeTarget.spinShimV2, .spinKube] {
            let (result, _) = try Self.build("checks/outbound-http", target: target)
            #expect((try? result.get())?.warnings == [], "\(target.name)")
        }
    }

    @Test func aSpinSDK5HTTPComponentRunsOnNoTargetNotEvenSpinKube() throws {
        // Spin 3.6.3 links WASI 0.3 only at 0.3.0-rc-2026-01-06; the stand-in's first import beyond
        // that is the March 2026 candidate (and it exports wasi:http/handler@0.3.0, which 3.6.3 never calls).
        #expect(try Self.failure("checks/spin4-http", target: .spinKube) == "'app.component.wasm' (component 'hello') imports wasi:clocks/types@0.3.0-rc-2026-03-15, which --target spinkube (Spin 3.6.3) does not provide; drop the import (an older SDK may not need it), or pass --skip-checks")
        #expect(try Self.failure("checks/spin4-http", target: .spinShimV2) == "'app.component.wasm' (component 'hello') imports wasi:io/poll@0.2.9, which --target spin-shim-v2 (Spin 2.0.1) does not provide; drop the import (an older SDK may not need it), or pass --skip-checks")
        #expect(try Self.failure("checks/spin4-http", target: .aksWasiV1) == "'app.component.wasm' (component 'hello') is a component, but --target aks-wasi-v1 (Spin 0.4.0) runs only core modules; rebuild it as a WASI preview1 core module, or pass --skip-checks")
    }

    @Test func aWASI020HTTPComponentRunsOnSpinKubeOnly() throws {
        let (result, _) = try Self.build("checks/spin3-http", target: .spinKube)
        #expect((try? result.get())?.warnings == [])
        #expect(try Self.failure("checks/spin3-http", target: .spinShimV2) == "'app.component.wasm' (component 'hello') imports wasi:io/poll@0.2.0, which --target spin-shim-v2 (Spin 2.0.1) does not provide; choose --target spinkube, or drop the import (an older SDK may not need it), or pass --skip-checks")
        #expect(try Self.failure("checks/spin3-http", target: .aksWasiV1) == "'app.component.wasm' (component 'hello') is a component, but --target aks-wasi-v1 (Spin 0.4.0) runs only core modules; choose --target spinkube, or rebuild it as a WASI preview1 core module, or pass --skip-checks")
    }

    @Test func aComponentSourceThatIsNotWasmFailsOnEverySpinTarget() throws {
        for target in [RuntimeTarget.spinKube, .spinShimV2, .aksWasiV1] {
            let runtime = "--target \(target.name) (Spin \(target.hostInterfaces.spinVersion ?? ""))"
            #expect(try Self.failure("checks/not-wasm", target: target) == "'index.js' (component 'web') is not a wasm binary (it starts with 65 78 70 6f, not \\0asm); \(runtime) cannot load it: build the component first or fix its path in the manifest, or pass --skip-checks")
        }
    }

    @Test func dependenciesFailForASpinOlderThan3NamingTheKey() throws {
        #expect(try Self.failure("checks/dependencies", target: .spinShimV2) == "spin.toml: [component.api] dependencies needs Spin 3.0.0 or later, but --target spin-shim-v2 (Spin 2.0.1) does not know it; choose --target spinkube, or drop the key, or pass --skip-checks")
        let (result, _) = try Self.build("checks/dependencies", target: .spinKube)
        #expect((try? result.get()) != nil)
    }

    @Test func aComponentFailsForLunaticAndSlightWhichRunCoreModulesOnly() throws {
        let folder = try TestScratch.folder("component-module")
        try FileManager.default.copyItem(atPath: Support.testdata + "/wasm/http-handler.component.wasm", toPath: folder + "/app.wasm")
        try Data("specversion = \"0.2\"\n".utf8).write(to: URL(fileURLWithPath: folder + "/slightfile.toml"))
        for target in [RuntimeTarget.lunatic, .slight] {
            let options = BuildOptions(output: folder + "/out-\(target.name)", target: target)
            #expect {
                try Builder().build(path: folder, options: options, workingDirectory: "/")
            } throws: { error in
                "\(error)" == "'\(target.name == "slight" ? "app.wasm" : "app.wasm")' is a component, but --target \(target.name) (\(target.hostInterfaces.id)) runs only core modules; rebuild it as a WASI preview1 core module, or pass --skip-checks"
            }
        }
    }

    @Test func aWWSWasmWorkerImportingSpinsOutboundHTTPFails() throws {
        let folder = try TestScratch.folder("wws-worker")
        try FileManager.default.copyItem(atPath: Support.testdata + "/wasm/spin0-outbound-http.wasm", toPath: folder + "/api.wasm")
        #expect {
            try Builder().build(path: folder, options: BuildOptions(output: folder + "/out", target: .wws), workingDirectory: "/")
        } throws: { error in
            "\(error)" == "'api.wasm' imports wasi-outbound-http::request, which --target wws (wws-1.7) does not provide; drop the import (an older SDK may not need it), or pass --skip-checks"
        }
    }

    @Test func skipChecksTurnsEveryFailureIntoAWarningAndBuilds() throws {
        let (result, output) = try Self.build("checks/outbound-http", target: .aksWasiV1, skipChecks: true)
        let built = try result.get()
        // Every failure is reported, not only the first.
        #expect(built.warnings == [
            "'bin/hello.wasm' (component 'hello') imports wasi-outbound-http::request, which --target aks-wasi-v1 (Spin 0.4.0) does not provide; choose --target spinkube or spin-shim-v2, or drop the import (an older SDK may not need it) (--skip-checks)",
            "'bin/hello.wasm' (component 'hello') imports outbound-redis::publish, which --target aks-wasi-v1 (Spin 0.4.0) does not provide; choose --target spinkube or spin-shim-v2, or drop the import (an older SDK may not need it) (--skip-checks)",
        ])
        #expect(FileManager.default.fileExists(atPath: output + "/index.json"))
    }

    @Test func aWWSWorkerNamedWasmThatIsNotWasmFails() throws {
        let folder = try TestScratch.folder("wws-not-wasm")
        try Data("hello".utf8).write(to: URL(fileURLWithPath: folder + "/api.wasm"))
        #expect {
            try Builder().build(path: folder, options: BuildOptions(output: folder + "/out", target: .wws), workingDirectory: "/")
        } throws: { error in
            "\(error)" == "'api.wasm' is not a wasm binary (it starts with 68 65 6c 6c, not \\0asm); --target wws (wws-1.7) cannot load it: build it first or rename it, or pass --skip-checks"
        }
    }

    // MARK: - Passing cases

    static let passing: [(app: String, target: String)] = [
        ("v2-multi", "spinkube"), ("v2-multi", "spin-shim-v2"), ("v1-wagi", "aks-wasi-v1"),
        ("slight-app", "slight"), ("wws-app", "wws"), ("lunatic/hello.wasm", "lunatic"),
    ]

    @Test(arguments: passing)
    func eachTargetsTestdataAppPassesItsChecks(app: String, target: String) throws {
        let (result, _) = try Self.build(app, target: try #require(RuntimeTarget.named(target)))
        #expect(try result.get().warnings.allSatisfy { !$0.hasSuffix("(--skip-checks)") })
    }

    // MARK: - The tables (runtimes.md §2)

    static func component(imports: [String], exports: [String] = []) -> WasmSummary {
        WasmSummary(.component(WasmComponent(
            imports: imports.map { WasmComponentImport(name: WasmExternName($0), kind: .instance) },
            exports: exports.map { WasmComponentExport(name: WasmExternName($0), kind: .instance, index: 0) })))
    }

    static func problems(_ summary: WasmSummary, _ target: RuntimeTarget) -> [WasmProblem] {
        WasmProblem.problems(of: summary, on: HostInterfaces.for(target.hostInterfaces))
    }

    @Test func spin3LinksWASI03OnlyAtTheJanuary2026Candidate() {
        let candidate = Self.component(imports: ["wasi:http/types@0.3.0-rc-2026-01-06", "wasi:cli/stdout@0.3.0-rc-2026-01-06"])
        #expect(Self.problems(candidate, .spinKube).isEmpty)
        #expect(Self.problems(candidate, .spinShimV2) == [
            .importNotProvided(name: "wasi:http/types@0.3.0-rc-2026-01-06", item: nil),
            .importNotProvided(name: "wasi:cli/stdout@0.3.0-rc-2026-01-06", item: nil),
        ])
        // A pre-release matches only itself, and 0.3.0 is not a pre-release of 0.3.0-rc-...
        for name in ["wasi:http/types@0.3.0", "wasi:http/types@0.3.0-rc-2026-03-15", "wasi:http/types@0.3.1"] {
            #expect(Self.problems(Self.component(imports: [name]), .spinKube) == [.importNotProvided(name: name, item: nil)], "\(name)")
        }
    }

    @Test func spin3LinksAnyWASI02ReleaseButOnlyTheTwo2023Candidates() {
        let linked = Self.component(imports: [
            "wasi:io/poll@0.2.0", "wasi:io/poll@0.2.9", "wasi:cli/environment@0.2.0-rc-2023-10-18",
            "wasi:cli/environment@0.2.0-rc-2023-11-10",
        ])
        #expect(Self.problems(linked, .spinKube).isEmpty)
        let other = Self.component(imports: ["wasi:io/poll@0.2.0-rc-2023-12-05"])
        #expect(Self.problems(other, .spinKube) == [.importNotProvided(name: "wasi:io/poll@0.2.0-rc-2023-12-05", item: nil)])
    }

    @Test func spin3LinksItsOwnPackagesBySemverTrackAndNoOthers() {
        // spin:sqlite@3.0.0 and spin:postgres@3.0.0/4.0.0 are hosted: wasmtime links 3.1.0 and 4.2.0 by name.
        let compatible = Self.component(imports: [
            "spin:sqlite/sqlite@3.1.0", "spin:postgres/postgres@4.2.0", "spin:postgres/postgres@3.0.0",
            "fermyon:spin/variables@2.0.0", "wasi:keyvalue/store@0.2.0-draft2", "wasi:config/store@0.2.0-draft-2024-09-27",
        ])
        #expect(Self.problems(compatible, .spinKube).isEmpty)
        for name in ["spin:key-value/key-value@3.0.0", "spin:postgres/postgres@5.0.0", "spin:sqlite/sqlite@4.0.0", "wasi:keyvalue/store@0.2.0-draft"] {
            #expect(Self.problems(Self.component(imports: [name]), .spinKube) == [.importNotProvided(name: name, item: nil)], "\(name)")
        }
        #expect(Self.problems(Self.component(imports: ["spin:sqlite/sqlite@3.0.0"]), .spinShimV2) == [.importNotProvided(name: "spin:sqlite/sqlite@3.0.0", item: nil)])
    }

    @Test func spin3CallsTheWASI03HandlerOnlyAtTheJanuary2026Candidate() {
        let candidate = Self.component(imports: [], exports: ["wasi:http/handler@0.3.0-rc-2026-01-06"])
        #expect(Self.problems(candidate, .spinKube).isEmpty)
        for export in ["wasi:http/handler@0.3.0", "wasi:http/handler@0.3.0-rc-2026-03-15"] {
            #expect(Self.problems(Self.component(imports: [], exports: [export]), .spinKube) == [.handlerNotCalled(export: export)], "\(export)")
        }
        let release = Self.component(imports: [], exports: ["wasi:http/incoming-handler@0.2.9"])
        #expect(Self.problems(release, .spinKube).isEmpty)
    }

    @Test func fermyonSpin2InterfacesRunOnSpin2And3ButNotOnSpin04() {
        let summary = Self.component(imports: ["fermyon:spin/key-value@2.0.0", "wasi:cli/environment@0.2.0-rc-2023-10-18"])
        #expect(Self.problems(summary, .spinShimV2).isEmpty)
        #expect(Self.problems(summary, .spinKube).isEmpty)
        #expect(Self.problems(summary, .aksWasiV1) == [.kindNotRun(.component)])
    }

    @Test func spin20CallsOnlyTheOctober2023HTTPHandler() {
        let final = Self.component(imports: [], exports: ["wasi:http/incoming-handler@0.2.0"])
        #expect(Self.problems(final, .spinShimV2) == [.handlerNotCalled(export: "wasi:http/incoming-handler@0.2.0")])
        #expect(Self.problems(final, .spinKube).isEmpty)
        let candidate = Self.component(imports: [], exports: ["wasi:http/incoming-handler@0.2.0-rc-2023-10-18"])
        #expect(Self.problems(candidate, .spinShimV2).isEmpty)
    }

    @Test func aPlainNamedComponentImportIsNeverLinked() throws {
        let inspection = try WasmInspection(path: Support.testdata + "/wasm/spin-key-value.component.wasm")
        #expect(inspection.problems(on: .spinKube) == [.plainImport(name: "log")])
    }

    @Test func spin04LinksOnlyWASIAndConfigForModules() throws {
        let inspection = try WasmInspection(path: Support.testdata + "/wasm/spin0-outbound-http.wasm")
        #expect(inspection.problems(on: .aksWasiV1) == [
            .importNotProvided(name: "wasi-outbound-http", item: "request"),
            .importNotProvided(name: "outbound-redis", item: "publish"),
        ])
        #expect(inspection.runnableTargets.map(\.name) == ["spinkube", "spin-shim-v2", "slight", "lunatic"])
    }

    static func module(imports: [(String, String)]) -> WasmSummary {
        WasmSummary(.module(WasmModule(imports: imports.map { WasmModuleImport(module: $0.0, name: $0.1, kind: .function) })))
    }

    @Test func aModuleImportFromAnUnknownModuleIsRefusedByEverySpin() {
        let summary = Self.module(imports: [("wasi_snapshot_preview1", "fd_write"), ("env", "abort")])
        for target in [RuntimeTarget.spinKube, .spinShimV2, .aksWasiV1] {
            #expect(Self.problems(summary, target) == [.importNotProvided(name: "env", item: "abort")], "\(target.name)")
        }
        // The reference does not list Slight's or Lunatic's host modules: not checked.
        #expect(Self.problems(summary, .slight).isEmpty && Self.problems(summary, .lunatic).isEmpty)
    }

    @Test func aWitBindgenModuleImportingInterfacesIsCheckedLikeAComponent() {
        let summary = Self.module(imports: [("fermyon:spin/variables@2.0.0", "get"), ("$root", "log"), ("[export]wasi:http/incoming-handler@0.2.0", "[resource-drop]x")])
        #expect(Self.problems(summary, .spinKube).isEmpty)
        #expect(Self.problems(summary, .aksWasiV1) == [.importNotProvided(name: "fermyon:spin/variables@2.0.0", item: nil)])
    }

    @Test func keyValueAndSqliteModulesCameAfterSpin04() {
        let summary = Self.module(imports: [("key-value", "open"), ("sqlite", "execute")])
        #expect(Self.problems(summary, .spinShimV2).isEmpty)
        #expect(Self.problems(summary, .aksWasiV1) == [
            .importNotProvided(name: "key-value", item: "open"), .importNotProvided(name: "sqlite", item: "execute"),
        ])
    }

    @Test func theFileSourceReadsWhatTheInMemoryReaderReads() throws {
        let path = Support.testdata + "/checks/spin4-http/app.component.wasm"
        let streamed = try WasmInspection(path: path).summary
        let whole = WasmSummary(try WasmBinary(parsing: [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))))
        #expect(streamed == whole)
        #expect(streamed.imports.count == 96)
    }
}
