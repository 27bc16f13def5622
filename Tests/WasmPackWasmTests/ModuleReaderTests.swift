import Testing
import WasmPackWasm

@Suite("Wasm reader: core modules")
struct ModuleReaderTests {
    @Test func spinZeroModuleListsOutboundHTTPAmongItsImports() throws {
        let module = try Fixtures.module("spin0-outbound-http.wasm")
        #expect(module.imports.map(\.description) == [
            "wasi_snapshot_preview1::fd_write", "wasi-outbound-http::request", "spin-config::get-config",
            "outbound-redis::publish", "outbound-redis::get",
        ])
        #expect(module.imports.allSatisfy { $0.kind == .function })
        #expect(module.exports.map(\.name) == ["memory", "handle-http-request", "canonical_abi_realloc", "canonical_abi_free"])
        #expect(module.exports.first?.kind == .memory)
    }

    @Test func preview1CommandImportsOnlyWASIAndExportsStart() throws {
        let module = try Fixtures.module("wagi-preview1.wasm")
        #expect(Set(module.imports.map(\.module)) == ["wasi_snapshot_preview1"])
        #expect(module.imports.map(\.name) == ["fd_write", "environ_get", "proc_exit"])
        #expect(module.exports.contains(WasmModuleExport(name: "_start", kind: .function, index: 3)))
    }

    @Test func everyImportKindIsNamed() throws {
        let module = try Fixtures.module("import-kinds.wasm")
        #expect(module.imports.map(\.kind) == [.function, .table, .memory, .global, .tag])
        #expect(module.imports.map(\.description) == ["wasi_unstable::fd_write", "env::table", "env::memory", "env::counter", "env::failure"])
        #expect(module.exports.map(\.kind) == [.function, .table, .memory, .global, .tag])
        #expect(module.exports.map(\.kind.description) == ["func", "table", "memory", "global", "tag"])
    }

    @Test func customSectionNamesAreListedAndTheirContentSkipped() throws {
        // preamble, custom "producers" (5 payload bytes), custom "name" (empty payload)
        var bytes: [UInt8] = WasmBinaryKind.magic + [1, 0, 0, 0]
        bytes += [0x00, 15, 9] + Array("producers".utf8) + [1, 2, 3, 4, 5]
        bytes += [0x00, 5, 4] + Array("name".utf8)
        guard case .module(let module) = try WasmBinary(parsing: bytes) else { Issue.record("not a module"); return }
        #expect(module.customSections == ["producers", "name"])
        #expect(module.imports.isEmpty)
    }

    @Test func memory64AndSharedLimitsAndReferenceTypesAreRead() throws {
        // import "m" "mem" (memory i64 1 2) flags 0x05; import "m" "t" (table 1 (ref null func)) as 0x63 0x70;
        // import "m" "g" (global (ref 0)) as 0x64 0x00 0x00; import "m" "s" (memory 1 2 shared) flags 0x03.
        var section: [UInt8] = [4]
        section += [1, 0x6d, 3] + Array("mem".utf8) + [0x02, 0x05, 1, 2]
        section += [1, 0x6d, 1, 0x74, 0x01, 0x63, 0x70, 0x00, 1]
        section += [1, 0x6d, 1, 0x67, 0x03, 0x64, 0x00, 0x00]
        section += [1, 0x6d, 1, 0x73, 0x02, 0x03, 1, 2]
        let bytes = WasmBinaryKind.magic + [1, 0, 0, 0] + [0x02, UInt8(section.count)] + section
        guard case .module(let module) = try WasmBinary(parsing: bytes) else { Issue.record("not a module"); return }
        #expect(module.imports.map(\.kind) == [.memory, .table, .global, .memory])
    }
}
