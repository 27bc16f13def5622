import Foundation
import Testing

/// `wasmpack build` on a spin.toml with a header typo: toml++ used to abort the process (SIGABRT,
/// exit 134; issue 7 item 3). Now: exit 1, one stderr line with file:line:column, nothing written.
@Suite("wasmpack build on spin.toml header typos")
struct ManifestTypoCommandTests {
    let cli = Wasmpack()

    @Test(arguments: ["[.component.api]", "[*]", "[é]", "[#]", "[,]", "[[*]]"])
    func headerTypoExitsOneWithOneStderrLine(header: String) throws {
        let app = try cli.temporaryDirectory()
        let manifest = "spin_manifest_version = 2\n[application]\n\(header)\nsource = \"api.wasm\"\n"
        try Data(manifest.utf8).write(to: URL(fileURLWithPath: app + "/spin.toml"))
        try Data().write(to: URL(fileURLWithPath: app + "/api.wasm"))

        let run = try cli.run(["build", app, "-o", app + "/layout"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "\(run.stderr)")
        #expect(run.stderr.contains("\(app)/spin.toml:3:"), "\(run.stderr)")
        #expect(run.stderr.contains("invalid table header '\(header)'"), "\(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: app + "/layout"))
        try? FileManager.default.removeItem(atPath: app)
    }
}
