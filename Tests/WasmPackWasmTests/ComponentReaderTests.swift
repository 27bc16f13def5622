import Testing
import WasmPackWasm

@Suite("Wasm reader: components")
struct ComponentReaderTests {
    @Test func httpHandlerImportsOutgoingHandlerAndExportsIncomingHandler() throws {
        let component = try Fixtures.component("http-handler.component.wasm")
        #expect(component.imports.map(\.description) == ["wasi:http/types@0.2.0", "wasi:http/outgoing-handler@0.2.0"])
        #expect(component.imports.allSatisfy { $0.kind == .instance })
        #expect(component.exports.map(\.description) == ["wasi:http/incoming-handler@0.2.0"])
        #expect(component.exports.first?.kind == .instance)
    }

    @Test func instanceImportsListTheFunctionsOfTheirInterface() throws {
        let component = try Fixtures.component("http-handler.component.wasm")
        #expect(component.imports[1].functions == ["handle"])
        #expect(component.imports[0].functions == [
            "[constructor]fields", "[method]fields.get", "[method]incoming-request.method", "[constructor]outgoing-request",
            "[static]response-outparam.set", "[method]future-incoming-response.get",
        ])
        let types = component.imports[0].members?.filter { $0.kind == .type }.map(\.name)
        #expect(types == ["fields", "incoming-request", "outgoing-request", "response-outparam", "future-incoming-response", "error-code"])
    }

    @Test func anExportedInstanceMadeByInstantiatingAShimListsTheShimsExports() throws {
        let component = try Fixtures.component("http-handler.component.wasm")
        #expect(component.exports[0].functions == ["handle"])
    }

    @Test func spinComponentListsSpinInterfacesPlainNamesAndNestedModules() throws {
        let component = try Fixtures.component("spin-key-value.component.wasm")
        #expect(component.imports.map(\.description) == [
            "fermyon:spin/key-value@2.0.0", "fermyon:spin/variables@2.0.0", "wasi:cli/environment@0.2.0",
            "wasi:http/types@0.2.0", "log",
        ])
        #expect(component.imports.map(\.kind) == [.instance, .instance, .instance, .instance, .function])
        #expect(component.imports[4].name.interface == nil)
        #expect(component.imports[1].functions == ["get"])
        #expect(component.imports[0].functions == ["[static]store.open", "[method]store.get", "[method]store.set"])
        #expect(component.exports.map(\.description) == ["run", "wasi:http/incoming-handler@0.2.0"])
        #expect(component.exports.map(\.kind) == [.function, .instance])
        // wit-component's main module, its shim and its fixup module.
        #expect(component.modules.count == 3)
        #expect(component.modules[0].imports.contains { $0.module == "cm32p2|fermyon:spin/key-value@2" })
        #expect(component.customSections.contains("producers"))
    }

    @Test func nestedModulesAndComponentsAreListedWithTheirOwnImports() throws {
        let component = try Fixtures.component("nested.component.wasm")
        #expect(component.imports.map(\.description) == ["log", "point", "wasi:clocks/monotonic-clock@0.2.0"])
        #expect(component.imports.map(\.kind) == [.function, .type, .instance])
        #expect(component.imports[2].functions == ["now", "resolution"])
        #expect(component.modules.map { $0.imports.map(\.description) } == [["wasi_snapshot_preview1::fd_write"]])
        #expect(component.components.count == 1)
        let inner = component.components[0]
        #expect(inner.imports.map(\.description) == ["wasi:random/random@0.2.0"])
        #expect(inner.imports[0].functions == ["get-random-u64"])
        #expect(inner.modules.map { $0.imports.map(\.description) } == [["env::abort"]])
        #expect(inner.components == [WasmComponent(customSections: ["component-name"])])
        #expect(component.exports.map(\.description) == ["wasi:cli/run@0.2.0", "inner", "adapter"])
        #expect(component.exports.map(\.kind) == [.instance, .component, .module])
        // An instance made from inline exports lists them.
        #expect(component.exports[0].functions == ["run", "now"])
    }

    // MARK: - Name encodings, built byte by byte

    /// A component with one section: `id`, its size, its contents.
    static func component(sections: [(UInt8, [UInt8])]) -> [UInt8] {
        var bytes = WasmBinaryKind.magic + [0x0d, 0x00, 0x01, 0x00]
        for (id, contents) in sections {
            bytes += [id] + leb(contents.count) + contents
        }
        return bytes
    }

    static func leb(_ value: Int) -> [UInt8] {
        var value = value
        var out: [UInt8] = []
        repeat {
            var byte = UInt8(value & 0x7f)
            value >>= 7
            if value != 0 { byte |= 0x80 }
            out.append(byte)
        } while value != 0
        return out
    }

    static func name(_ text: String) -> [UInt8] { leb(text.utf8.count) + Array(text.utf8) }

    /// `(type (instance (export "get" (func (type 0)))))` with the func type inside.
    static let instanceType: [UInt8] = [0x01, 0x42, 0x02, 0x01, 0x40, 0x00, 0x01, 0x00, 0x04, 0x00] + name("get") + [0x01, 0x00]

    @Test func legacyNameByteOneReadsLikeZero() throws {
        let bytes = Self.component(sections: [
            (7, Self.instanceType),
            (10, [0x01, 0x01] + Self.name("fermyon:spin/variables@2.0.0") + [0x05, 0x00]),
        ])
        guard case .component(let component) = try WasmBinary(parsing: bytes) else { Issue.record("not a component"); return }
        #expect(component.imports.map(\.description) == ["fermyon:spin/variables@2.0.0"])
        #expect(component.imports[0].functions == ["get"])
    }

    @Test func versionSuffixAndImplementsAttributesCompleteTheName() throws {
        // 0x02 name vec(attribute): "wasi:http/types@0.2" + versionsuffix ".6";
        // "store" implements "wasi:keyvalue/store@0.2.0-draft2" with an external id.
        let first = [0x02] + Self.name("wasi:http/types@0.2") + [0x01, 0x01] + Self.name(".6") + [0x05, 0x00]
        let second = [0x02] + Self.name("store") + [0x02, 0x00] + Self.name("wasi:keyvalue/store@0.2.0-draft2")
            + [0x02] + Self.name("id-1") + [0x05, 0x00]
        let bytes = Self.component(sections: [(7, Self.instanceType), (10, [0x02] + first + second)])
        guard case .component(let component) = try WasmBinary(parsing: bytes) else { Issue.record("not a component"); return }
        #expect(component.imports[0].name == WasmExternName("wasi:http/types@0.2", versionSuffix: ".6"))
        #expect(component.imports[0].description == "wasi:http/types@0.2.6")
        #expect(component.imports[0].name.interface?.version == WasmSemanticVersion(major: 0, minor: 2, patch: 6))
        #expect(component.imports[1].name.implements == "wasi:keyvalue/store@0.2.0-draft2")
        #expect(component.imports[1].name.interface?.unversionedName == "wasi:keyvalue/store")
    }

    @Test func aTypeFormThisReaderDoesNotKnowLosesOnlyTheFunctionLists() throws {
        // Type opcode 0x3a is not defined: the type section is skipped, the import still listed.
        let bytes = Self.component(sections: [
            (7, [0x01, 0x3a, 0x00]),
            (10, [0x01, 0x00] + Self.name("wasi:http/outgoing-handler@0.2.0") + [0x05, 0x00]),
        ])
        guard case .component(let component) = try WasmBinary(parsing: bytes) else { Issue.record("not a component"); return }
        #expect(component.imports.map(\.description) == ["wasi:http/outgoing-handler@0.2.0"])
        #expect(component.imports[0].members == nil)
    }
}
