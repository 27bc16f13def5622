import Testing
import WasmPackWasm

@Suite("Wasm interface names and versions")
struct InterfaceNameTests {
    @Test func anInterfaceNameSplitsIntoNamespacePackageInterfaceAndVersion() throws {
        let name = try #require(WasmInterfaceName(parsing: "wasi:http/incoming-handler@0.2.0"))
        #expect(name.namespace == "wasi")
        #expect(name.package == "http")
        #expect(name.interface == "incoming-handler")
        #expect(name.version == WasmSemanticVersion(major: 0, minor: 2, patch: 0))
        #expect(name.packageName == "wasi:http")
        #expect(name.unversionedName == "wasi:http/incoming-handler")
        #expect(name.description == "wasi:http/incoming-handler@0.2.0")
    }

    @Test func unversionedAndPreReleaseAndNestedNamesParse() throws {
        #expect(WasmInterfaceName(parsing: "fermyon:spin/http")?.version == nil)
        let rc = try #require(WasmInterfaceName(parsing: "wasi:http/outgoing-handler@0.2.0-rc-2023-10-18"))
        #expect(rc.version?.prerelease == ["rc-2023-10-18"])
        #expect(rc.description == "wasi:http/outgoing-handler@0.2.0-rc-2023-10-18")
        let nested = try #require(WasmInterfaceName(parsing: "a:b:c/d/e@1.0.0+build.5"))
        #expect(nested.namespace == "a:b")
        #expect(nested.package == "c")
        #expect(nested.interface == "d/e")
        #expect(nested.version?.build == ["build", "5"])
        #expect(WasmInterfaceName(parsing: "wasi:keyvalue/store@0.2.0-draft2")?.version?.prerelease == ["draft2"])
    }

    @Test(arguments: [
        "run", "[method]fields.get", "log", "wasi:http", "wasi/http", "Wasi:http/types", "wasi:http/", ":http/types",
        "wasi:http/types@0.2", "wasi:http/types@", "wasi:http/types@01.2.3", "wasi:http/types@1.2.3-", "wasi:http/Types-x",
        "wasi:http/types@1.2.3-01", "wasi:-http/types", "wasi:http/types@99999999999999999999.0.0",
    ])
    func plainOrMalformedNamesAreNotInterfaceNames(text: String) {
        #expect(WasmInterfaceName(parsing: text) == nil)
    }

    @Test func acronymLabelsAreAllowedInTheInterfacePath() {
        #expect(WasmInterfaceName(parsing: "wasi:nn/GPU-list")?.interface == "GPU-list")
    }

    @Test func versionsCompareBySemverPrecedence() throws {
        let ordered = [
            "0.2.0-rc-2023-10-18", "0.2.0-rc-2023-11-10", "0.2.0", "0.2.1", "0.2.6", "0.2.10", "0.3.0-rc-2026-03-15",
            "0.3.0", "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0", "2.0.0",
        ].map { WasmSemanticVersion(parsing: $0) }
        let versions = try ordered.map { try #require($0) }
        #expect(versions == versions.shuffled().sorted())
        for (lower, higher) in zip(versions, versions.dropFirst()) { #expect(lower < higher) }
    }

    @Test func aVersionRangeAnswersWhatATargetProvides() throws {
        let provided = try #require(WasmSemanticVersion(parsing: "0.2.0"))...(try #require(WasmSemanticVersion(parsing: "0.2.6")))
        #expect(provided.contains(try #require(WasmInterfaceName(parsing: "wasi:http/types@0.2.3")?.version)))
        #expect(!provided.contains(try #require(WasmInterfaceName(parsing: "wasi:http/types@0.2.0-rc-2023-10-18")?.version)))
        #expect(!provided.contains(try #require(WasmInterfaceName(parsing: "wasi:http/types@0.3.0")?.version)))
        let build = try #require(WasmSemanticVersion(parsing: "0.2.6+abc"))
        #expect(build.hasSamePrecedence(as: try #require(WasmSemanticVersion(parsing: "0.2.6"))))
        #expect(provided.contains(build))
    }

    @Test func sameInterfaceIgnoresTheVersion() throws {
        let old = try #require(WasmInterfaceName(parsing: "fermyon:spin/key-value@2.0.0"))
        #expect(old.isSameInterface(as: try #require(WasmInterfaceName(parsing: "fermyon:spin/key-value"))))
        #expect(!old.isSameInterface(as: try #require(WasmInterfaceName(parsing: "fermyon:spin/variables@2.0.0"))))
    }
}
