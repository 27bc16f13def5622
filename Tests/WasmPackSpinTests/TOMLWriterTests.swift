import Foundation
import Testing
import WasmPackSpin

/// The writer the aks-wasi-v1 target (and the later files rewrite) packs spin.toml with: what it
/// writes reads back to the same table, keys in the same order, and the same table always gives
/// the same bytes.
@Suite("TOML writer")
struct TOMLWriterTests {
    @Test(.enabled(if: TOMLConformanceTests.isAvailable, "toml-test not installed: apt-get install golang-github-burntsushi-toml-dev"))
    func everyValidConformanceDocumentRoundTrips() throws {
        let cases = try TOMLConformanceTests.cases("valid")
        #expect(cases.count >= 100)
        var failures: [String] = []
        for name in cases {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TOMLConformanceTests.suite + "/" + name)))
            guard let table = try? TOMLReader.parse(bytes) else { continue }
            let written = TOMLWriter.document(table)
            do {
                let reread = try TOMLReader.parse(Array(written.utf8))
                if !Self.same(reread, table) { failures.append("\(name): reads back different:\n\(written)") }
                if TOMLWriter.document(reread) != written { failures.append("\(name): not deterministic") }
            } catch {
                failures.append("\(name): \(error)\n\(written)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(cases.count) failed:\n\(failures.joined(separator: "\n"))")
    }

    @Test func aSpinManifestIsWrittenTheWayPeopleWriteIt() throws {
        let source = """
            spin_version = "1"
            name = "app"
            trigger = { type = "http", base = "/" }

            [[component]]
            id = "hello"
            source = "bin/hello.wasm"
            files = [{ source = "wwwroot", destination = "/" }, "static/**/*"]
            environment = { "KEY.WITH.DOTS" = "tab\\there \\"quoted\\"" }
            [component.trigger]
            route = "/..."
            executor = { type = "wagi" }
            """
        let written = TOMLWriter.document(try TOMLReader.parse(Array(source.utf8)))
        #expect(written == """
            spin_version = "1"
            name = "app"

            [trigger]
            type = "http"
            base = "/"

            [[component]]
            id = "hello"
            source = "bin/hello.wasm"
            files = [{ source = "wwwroot", destination = "/" }, "static/**/*"]
            environment = { "KEY.WITH.DOTS" = "tab\\there \\"quoted\\"" }

            [component.trigger]
            route = "/..."
            executor = { type = "wagi" }

            """)
    }

    @Test func aTableOfSubTablesOnlyGetsNoHeaderOfItsOwn() throws {
        let source = """
            spin_manifest_version = 2

            [application]
            name = "app"

            [[trigger.http]]
            route = "/..."
            component = "hello"

            [component.hello]
            source = "hello.wasm"

            [component.hello.build]
            command = "make"

            [variables]
            """
        let table = try TOMLReader.parse(Array(source.utf8))
        let written = TOMLWriter.document(table)
        #expect(written == """
            spin_manifest_version = 2

            [application]
            name = "app"

            [[trigger.http]]
            route = "/..."
            component = "hello"

            [component.hello]
            source = "hello.wasm"
            build = { command = "make" }

            [variables]

            """)
        #expect(try TOMLReader.parse(Array(written.utf8)) == table)
    }

    @Test func aTableFollowedByAPlainValueStaysInlineSoKeyOrderSurvives() throws {
        var inner = TOMLTable()
        inner.set("x", .integer(1))
        var table = TOMLTable()
        table.set("first", .table(inner))
        table.set("second", .float(0.5))
        table.set("third", .array([.table(inner), .table(inner)]))
        let written = TOMLWriter.document(table)
        #expect(written == "first = { x = 1 }\nsecond = 0.5\n\n[[third]]\nx = 1\n\n[[third]]\nx = 1\n")
        #expect(try TOMLReader.parse(Array(written.utf8)) == table)
    }

    /// Equal tables, but NaN equal to NaN (TOML allows `nan`; Double's == says otherwise).
    static func same(_ lhs: TOMLTable, _ rhs: TOMLTable) -> Bool {
        lhs.keys == rhs.keys && lhs.keys.allSatisfy { same(lhs[$0]!, rhs[$0]!) }
    }

    static func same(_ lhs: TOMLValue, _ rhs: TOMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.float(let a), .float(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.table(let a), .table(let b)): return same(a, b)
        default: return lhs == rhs
        }
    }
}
