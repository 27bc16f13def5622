import Testing
import WasmPackWasm

@Suite("Wasm summary")
struct SummaryTests {
    @Test func aSpinZeroModuleGroupsImportsByModuleAndLooksLikePreview1() throws {
        let summary = WasmSummary(try Fixtures.read("spin0-outbound-http.wasm"))
        #expect(summary.kind == .module)
        #expect(summary.imports.map(\.description) == [
            "wasi_snapshot_preview1: fd_write", "wasi-outbound-http: request", "spin-config: get-config",
            "outbound-redis: publish, get",
        ])
        #expect(summary.wasi == [.preview1])
        #expect(summary.importsInterface("wasi-outbound-http"))
        #expect(!summary.importsInterface("outbound-pg"))
        #expect(summary.exports.contains("handle-http-request"))
    }

    @Test func wasiUnstableIsPreviewZero() throws {
        #expect(WasmSummary(try Fixtures.read("import-kinds.wasm")).wasi == [.preview0])
    }

    @Test func aComponentGroupsImportsByInterfaceWithTheirFunctions() throws {
        let summary = WasmSummary(try Fixtures.read("http-handler.component.wasm"))
        #expect(summary.kind == .component)
        #expect(summary.imports.map(\.name) == ["wasi:http/types@0.2.0", "wasi:http/outgoing-handler@0.2.0"])
        #expect(summary.imports[1].items == ["handle"])
        #expect(summary.imports[1].interface?.unversionedName == "wasi:http/outgoing-handler")
        #expect(summary.imports[1].componentKind == .instance)
        #expect(summary.exports == ["wasi:http/incoming-handler@0.2.0"])
        #expect(summary.wasi == [.preview2])
        #expect(summary.nestedModules == 3)
        #expect(summary.nestedComponents == 1)
        #expect(summary.importsInterface("wasi:http/outgoing-handler"))
    }

    @Test func aSpinComponentNamesItsSpinInterfaces() throws {
        let summary = WasmSummary(try Fixtures.read("spin-key-value.component.wasm"))
        #expect(summary.importsInterface("fermyon:spin/key-value"))
        #expect(summary.imports.first { $0.name == "log" }?.interface == nil)
        #expect(summary.imports.first { $0.name == "log" }?.componentKind == .function)
        #expect(summary.wasi == [.preview2])
    }

    @Test func nestedCountsIncludeEveryLevel() throws {
        let summary = WasmSummary(try Fixtures.read("nested.component.wasm"))
        #expect(summary.nestedModules == 2)
        #expect(summary.nestedComponents == 2)
        #expect(summary.wasi == [.preview2])
    }

    @Test func releaseCandidatesOfZeroTwoArePreviewTwoAndOtherNamespacesAreNotWASI() {
        let component = WasmComponent(
            imports: [WasmComponentImport(name: WasmExternName("wasi:http/outgoing-handler@0.2.0-rc-2023-10-18"), kind: .instance)],
            exports: [WasmComponentExport(name: WasmExternName("fermyon:spin/inbound-http"), kind: .instance, index: 0)])
        #expect(WasmSummary(.component(component)).wasi == [.preview2])
        let spinOnly = WasmComponent(imports: [WasmComponentImport(name: WasmExternName("spin:up/http-trigger@0.2.0"), kind: .instance)])
        #expect(WasmSummary(.component(spinOnly)).wasi == [])
    }

    @Test func wasiZeroThreeIsPreviewThree() {
        let component = WasmComponent(imports: [
            WasmComponentImport(name: WasmExternName("wasi:http/handler@0.3.0-rc-2026-03-15"), kind: .instance),
        ])
        #expect(WasmSummary(.component(component)).wasi == [.preview3])
    }
}
