import Foundation
import Testing
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackTestSupport

/// `--format spin` with local `[component.<id>.dependencies]`: one wasm layer per dependency after
/// the component's own, and a `dependencies` map in the locked component, as Spin's uncomposed push
/// writes them (crates/oci client.rs `assemble_layers_uncomposed`, crates/locked-app locked.rs).
@Suite("Spin registry format: component dependencies")
struct SpinDependencyTests {
    static let header: [UInt8] = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]
    /// Distinct small modules: the header plus a custom section named by one letter.
    static func module(_ letter: Character) -> [UInt8] { header + [0, 2, 1, letter.asciiValue!] }

    static func app() throws -> String {
        let app = try TestScratch.folder("spin-deps")
        let manifest = """
            spin_manifest_version = 2
            [application]
            name = "deps"
            [[trigger.http]]
            route = "/a"
            component = "a"
            [[trigger.http]]
            route = "/b"
            component = "b"
            [component.a]
            source = "m.wasm"
            [component.a.dependencies]
            "zed" = { path = "d1.wasm", export = "wasi:http/handler@0.2.0" }
            "aa:pkg/iface" = { path = "deps/d2.wasm" }
            [component.b]
            source = "b.wasm"
            dependencies_inherit_configuration = true
            [component.b.dependencies]
            "b-dep" = { path = "m.wasm" }

            """
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        try FileManager.default.createDirectory(atPath: app + "/deps", withIntermediateDirectories: true)
        try Data(header).write(to: URL(fileURLWithPath: app + "/m.wasm"))
        try Data(module("x")).write(to: URL(fileURLWithPath: app + "/d1.wasm"))
        try Data(module("y")).write(to: URL(fileURLWithPath: app + "/deps/d2.wasm"))
        try Data(module("z")).write(to: URL(fileURLWithPath: app + "/b.wasm"))
        return app
    }

    /// `{"content_type":"application/wasm","inline":…,"digest":…}` as Spin writes a small source.
    static func source(_ bytes: [UInt8]) -> String {
        var inline = Data(bytes).base64EncodedString()
        while inline.hasSuffix("=") { inline.removeLast() }
        return #"{"content_type":"application/wasm","inline":"\#(inline)","digest":"\#(SHA256Hasher.digest(of: bytes))"}"#
    }

    @Test func dependenciesAreLockedInSpinsOrderWithExportNullWhenAbsentAndInheritOnlyWhenAll() throws {
        let (layout, manifest, _) = try SpinRegistryFormatTests.build(try Self.app())
        let locked = String(decoding: try SpinRegistryFormatTests.blob(layout, manifest.layers.last!.digest), as: UTF8.self)
        // Plain names sort before package names (spin_serde DependencyName's Ord), whatever their letters.
        let a = #"{"id":"a","source":\#(Self.source(Self.header)),"dependencies":{"#
            + #""zed":{"source":\#(Self.source(Self.module("x"))),"export":"wasi:http/handler@0.2.0"},"#
            + #""aa:pkg/iface":{"source":\#(Self.source(Self.module("y"))),"export":null}}}"#
        let b = #"{"id":"b","source":\#(Self.source(Self.module("z"))),"dependencies":{"#
            + #""b-dep":{"source":\#(Self.source(Self.header)),"export":null,"inherit":"All"}}}"#
        #expect(locked.hasSuffix(#""components":[\#(a),\#(b)]}"#), "\(locked)")
    }

    @Test func eachDependencyIsAWasmLayerAfterItsComponentsAndRepeatedBytesAreOneLayer() throws {
        let (_, manifest, _) = try SpinRegistryFormatTests.build(try Self.app())
        // b's dependency is a's source: Spin de-duplicates the layer.
        #expect(manifest.layers.map(\.digest) == [
            SHA256Hasher.digest(of: Self.header), SHA256Hasher.digest(of: Self.module("x")),
            SHA256Hasher.digest(of: Self.module("y")), SHA256Hasher.digest(of: Self.module("z")),
            manifest.layers.last!.digest,
        ])
        #expect(manifest.layers.dropLast().allSatisfy { $0.mediaType == .wasmContentLayer })
    }

    @Test func aDependencyThatIsNotALocalPathIsRefusedAndNothingIsWritten() throws {
        let app = try TestScratch.folder("spin-deps-remote")
        try Data("spin_manifest_version = 2\n[application]\nname = \"r\"\n[[trigger.http]]\nroute = \"/...\"\ncomponent = \"r\"\n[component.r]\nsource = \"m.wasm\"\n[component.r.dependencies]\n\"aa:bb\" = \"^1.0.0\"\n".utf8)
            .write(to: URL(fileURLWithPath: app + "/spin.toml"))
        try Data(Self.header).write(to: URL(fileURLWithPath: app + "/m.wasm"))
        let output = app + "/out"
        #expect {
            try Builder().build(path: app, options: BuildOptions(format: .spin, output: output), workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description.contains("dependency 'aa:bb'") == true
        }
        #expect(!FileManager.default.fileExists(atPath: output + "/index.json"))
    }
}
