import Foundation
import Testing
import WasmPackTestSupport

/// Every error is one line on stderr, whatever put it there: usage errors name the subcommand's
/// own usage (issue 7 item 15), and control characters from references and paths are escaped
/// (item 14).
@Suite("one-line errors")
struct OneLineErrorTests {
    let cli = Wasmpack()

    static let usages = [
        "build": "wasmpack build [<path>] [options]",
        "push": "wasmpack push <reference> [<path>] [options]",
        "pull": "wasmpack pull <reference> [options]",
        "inspect": "wasmpack inspect [<layout>|<reference>] [options]",
        "login": "wasmpack login <registry> [options]",
        "logout": "wasmpack logout <registry>",
    ]

    /// Each subcommand with a missing argument, an unknown option and a bad option value.
    @Test(arguments: [
        (["push"], "missing expected argument '<reference>'"),
        (["pull"], "missing expected argument '<reference>'"),
        (["login"], "missing expected argument '<registry>'"),
        (["logout"], "missing expected argument '<registry>'"),
        (["build", "--output"], "missing value for '--output <output>'"),
        (["inspect", "--tag"], "missing value for '--tag <tag>'"),
        (["build", "--bogus"], "unknown option '--bogus'"),
        (["push", "reg.io/a:1", "--bogus"], "unknown option '--bogus'"),
        (["pull", "reg.io/a:1", "--bogus"], "unknown option '--bogus'"),
        (["inspect", "--bogus"], "unknown option '--bogus'"),
        (["login", "reg.io", "--bogus"], "unknown option '--bogus'"),
        (["logout", "reg.io", "--bogus"], "unknown option '--bogus'"),
        (["build", "--format", "zip"], "the value 'zip' is invalid for '--format <format>'"),
        (["push", "reg.io/a:1", "--concurrency", "many"], "the value 'many' is invalid for '--concurrency <concurrency>'"),
        (["pull", "reg.io/a:1", "--concurrency", "many"], "the value 'many' is invalid for '--concurrency <concurrency>'"),
        (["inspect", "--format", "yaml"], "the value 'yaml' is invalid for '--format'"),
        (["login", "reg.io", "--retries", "x"], "the value 'x' is invalid for '--retries <retries>'"),
        (["logout", "reg.io", "extra"], "unexpected argument 'extra'"),
        (["push", "reg.io/a:1", "--concurrency", "0"], "--concurrency must be at least 1"),
        (["pull", "Not A Reference"], "invalid reference 'Not A Reference'"),
    ])
    func usageErrorsAreOneLineNamingTheSubcommandsUsage(arguments: [String], message: String) throws {
        let run = try cli.run(arguments)
        let subcommand = arguments[0]
        #expect(run.status == 64, "\(run.stderr)")
        #expect(run.stdout.isEmpty)
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        let usage = Self.usages[subcommand]!
        #expect(run.stderr.hasPrefix("Error: \(message)"), "\(run.stderr)")
        #expect(run.stderr.hasSuffix("; usage: \(usage) (see 'wasmpack \(subcommand) --help')\n"), "\(run.stderr)")
        #expect(!run.stderr.contains("<subcommand>"), "\(run.stderr)")
    }

    @Test func anUnknownSubcommandNamesTheTopLevelUsage() throws {
        let run = try cli.run(["publish"])
        #expect(run.status == 64)
        #expect(run.stderr == "Error: unexpected argument 'publish'; usage: wasmpack <subcommand> [options] (see 'wasmpack --help')\n")
    }

    @Test func helpIsStillTheWholeScreenOnStdout() throws {
        let run = try cli.run(["push", "--help"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("USAGE: wasmpack push [<options>] <reference> [<path>]"))
        #expect(run.stdout.contains("--password-stdin"))
        #expect(run.stderr.isEmpty)
    }

    @Test func aNewlineInAReferenceIsEscapedNotEchoed() throws {
        let run = try cli.run(["push", "reg.io/a\nb:1"])
        #expect(run.status == 64)
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("Error: invalid reference 'reg.io/a\\nb:1'"), "\(run.stderr)")
    }

    @Test func aPathWithANewlineAndAnEscapeStaysOneLine() throws {
        let run = try cli.run(["build", "/tmp/no-such\napp\u{1b}[31m\t\u{202e}x", "-o", "/tmp/wasmpack-never"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("Error: '/tmp/no-such\\napp\\u{1b}[31m\\t\\u{202e}x' does not exist"), "\(run.stderr)")
        #expect(!run.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
    }

    @Test func aControlCharacterInAPathInsideTheAppIsEscaped() throws {
        let app = try TestScratch.folder("ctl")
        defer { try? FileManager.default.removeItem(atPath: app) }
        let manifest = """
            spin_manifest_version = 2
            [application]
            name = "x"
            [[trigger.http]]
            route = "/..."
            component = "api"
            [component.api]
            source = "api\\n\\u001b[2Jx.wasm"

            """
        try manifest.write(toFile: app + "/spin.toml", atomically: true, encoding: .utf8)
        let run = try cli.run(["build", app, "-o", app + "/out"])
        #expect(run.status == 1)
        #expect(run.stderrLines.count == 1, "\(run.stderr)")
        #expect(run.stderr.contains("'api\\n\\u{1b}[2Jx.wasm' does not exist"), "\(run.stderr)")
    }
}
