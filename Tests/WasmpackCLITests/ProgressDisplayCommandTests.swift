import Foundation
import Testing
import WasmPackTestSupport

/// What a push, pull or build shows on stderr: a live display at a terminal, plain lines in a
/// pipe or CI, nothing with `--progress none` or `-q`; stdout holds only the result every time.
@Suite("Progress display", .enabled(if: TestRegistry.isAvailable))
struct ProgressDisplayCommandTests {
    let cli = Wasmpack()

    /// ESC [ n A (cursor up) and ESC [ J (erase below): the live lines being redrawn in place.
    static var cursorUp: Regex<Substring> { #/\x1B\[\d+A/# }
    static var colour: Regex<Substring> { #/\x1B\[[0-9;]*m/# }

    /// v1-wagi plus 8 MiB of random bytes (gzip cannot shrink them): its layer takes seconds
    /// through a proxy that reads uploads at 2 MiB/s, long enough for the display to redraw.
    func bigApp() throws -> String {
        let app = try cli.temporaryDirectory() + "/app"
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v1-wagi", toPath: app)
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<(8 << 20) / 8).flatMap { _ in withUnsafeBytes(of: generator.next() as UInt64, Array.init) }
        try Data(bytes).write(to: URL(fileURLWithPath: app + "/wwwroot/big.bin"))
        return app
    }

    /// The terminal's bytes without escape sequences, line by line.
    static func visibleLines(_ terminal: String) -> [String] {
        terminal.replacing(#/\x1B\[[0-9;?]*[A-Za-z]/#, with: "")
            .split(whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }).map(String.init)
    }

    @Test func aPushAtATerminalRedrawsEachBlobsBytesRateAndETAInPlaceAndLeavesTheFinalLines() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 2 << 20, slowUploads: true)
        defer { proxy.stop() }
        let app = try bigApp()

        let run = try PseudoTerminal.run(Wasmpack.executable, ["push", "\(proxy.host)/progress/app:v1"], in: app, columns: 100)
        #expect(run.status == 0, "\(run.terminal)")
        #expect(run.stdout.wholeMatch(of: #/127\.0\.0\.1:\d+/progress/app@sha256:[0-9a-f]{64}\n/#) != nil, "stdout: \(run.stdout)")
        let terminal = run.terminal
        #expect(terminal.contains(Self.cursorUp), "no cursor movement: \(terminal.debugDescription)")
        #expect(terminal.contains("\u{1B}[J"))
        #expect(terminal.contains(Self.colour))
        let lines = Self.visibleLines(terminal)
        // The build's phase, then the big layer's line with bytes done / total, percent, rate and ETA.
        #expect(lines.contains { $0.hasPrefix("Building…") })
        let live = lines.filter { $0.hasPrefix("Pushing  sha256:") && $0.contains("/ 8.0 MiB") }
        #expect(live.contains { $0.contains(#/\d+% +[0-9.]+ (B|KiB|MiB)/s +ETA \d+s/#) }, "\(live)")
        #expect(live.contains { $0.contains("[") && $0.contains("=") }, "a bar fits in 100 columns: \(live)")
        #expect(live.allSatisfy { $0.count < 100 }, "live lines must not wrap: \(live)")
        // Finished blobs and the manifest stay on screen after the last redraw, with no live line left.
        let afterLastRedraw = Self.visibleLines(String(terminal.split(separator: "\u{1B}[J", omittingEmptySubsequences: false).last ?? ""))
        #expect(afterLastRedraw.contains { $0.hasPrefix("Pushed   sha256:") && $0.hasSuffix("as v1") }, "\(afterLastRedraw)")
        #expect(!afterLastRedraw.contains { $0.hasPrefix("Pushing ") || $0.hasPrefix("Building") }, "\(afterLastRedraw)")
        #expect(lines.contains { $0.hasPrefix("Uploaded sha256:") && $0.hasSuffix("8.0 MiB") })
        #expect(lines.contains { $0.hasPrefix("Built ") })
    }

    @Test func messagesPrintedWhileTheDisplayIsLiveLandOnTheirOwnLines() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 4 << 20, slowUploads: true)
        defer { proxy.stop() }
        let app = try bigApp()

        // --verbose logs every request from the upload threads while the live lines are drawn.
        let run = try PseudoTerminal.run(
            Wasmpack.executable, ["push", "\(proxy.host)/progress/verbose:v1", "--verbose"], in: app, columns: 120)
        #expect(run.status == 0, "\(run.terminal)")
        let lines = Self.visibleLines(run.terminal)
        #expect(lines.contains { $0.hasPrefix("PATCH ") || $0.hasPrefix("PUT ") }, "\(lines)")
        let known = #/^(Building…|Built |Pushing  sha256:|Uploaded sha256:|Exists   sha256:|Pushed   sha256:|credentials for |(GET|HEAD|POST|PUT|PATCH) http://[^ ]+ → \d{3}$)/#
        let garbled = lines.filter { $0.firstMatch(of: known) == nil }
        #expect(garbled.isEmpty, "\(garbled)")
        #expect(!lines.contains { $0.dropFirst().contains("Pushing ") || $0.dropFirst().contains("Building…") }, "two lines in one: \(lines)")
    }

    @Test func moreBlobsInFlightThanTheTerminalHasRowsEndInAMoreLine() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 4 << 20, slowUploads: true)
        defer { proxy.stop() }
        let layout = try cli.temporaryDirectory() + "/layout"
        try InterruptFixture.manyBlobLayout(at: layout, layers: 8, size: 1 << 20)

        let run = try PseudoTerminal.run(
            Wasmpack.executable, ["push", "\(proxy.host)/progress/many:v1", "--layout", layout, "--concurrency", "9"],
            in: CommandLineTests.testdata, columns: 80, rows: 6)
        #expect(run.status == 0, "\(run.terminal)")
        // The cursor never goes up further than the live lines drawn, which stay below the top row.
        let ups = run.terminal.matches(of: #/\x1B\[(\d+)A/#).compactMap { Int($0.output.1) }
        #expect(!ups.isEmpty)
        #expect(ups.allSatisfy { $0 <= 5 }, "\(ups)")
        #expect(Self.visibleLines(run.terminal).contains { $0.hasPrefix("…") && $0.hasSuffix("more blobs in flight") })
        #expect(Self.visibleLines(run.terminal).filter { $0.hasPrefix("Uploaded sha256:") }.count == 9)
    }

    @Test func theSamePushInAPipePrintsAStartAndAnEndLinePerBlobAndNoEscapeSequences() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 2 << 20, slowUploads: true)
        defer { proxy.stop() }
        let app = try bigApp()

        let run = try cli.run(["push", "\(proxy.host)/progress/app:v1"], in: app)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.wholeMatch(of: #/127\.0\.0\.1:\d+/progress/app@sha256:[0-9a-f]{64}\n/#) != nil)
        #expect(!run.stderr.contains("\u{1B}"), "\(run.stderr.debugDescription)")
        #expect(!run.stderr.contains("\r"))
        let lines = run.stderrLines.map(String.init)
        let starts = lines.filter { $0.hasPrefix("Pushing  sha256:") }.map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
        let ends = lines.filter { $0.hasPrefix("Uploaded sha256:") || $0.hasPrefix("Exists   sha256:") }
            .map { $0.split(separator: " ", omittingEmptySubsequences: true)[1] }
        // A layer and a config: each starts once and ends once, and nothing else is printed per blob.
        #expect(starts.count == 2, "\(lines)")
        #expect(Set(starts) == Set(ends) && ends.count == 2, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Pushing  sha256:") && $0.hasSuffix(" 8.0 MiB") })
        #expect(!lines.contains { $0.contains("%") || $0.contains("Building") })
        #expect(lines.contains { $0.hasPrefix("Pushed   sha256:") })
    }

    @Test func termDumbAndCIGetPlainLinesAndNoColorKeepsTheLiveDisplayWithoutColour() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 4 << 20, slowUploads: true)
        defer { proxy.stop() }
        let app = try bigApp()

        let dumb = try PseudoTerminal.run(
            Wasmpack.executable, ["push", "\(proxy.host)/progress/dumb:v1"], in: app, environment: ["TERM": "dumb"])
        #expect(dumb.status == 0, "\(dumb.terminal)")
        #expect(!dumb.terminal.contains("\u{1B}"), "\(dumb.terminal.debugDescription)")
        #expect(dumb.terminal.contains("Pushing  sha256:"))
        #expect(dumb.terminal.contains("Uploaded sha256:"))

        // A CI job's log is a file even when the runner hands the job a terminal.
        let ci = try PseudoTerminal.run(
            Wasmpack.executable, ["push", "\(proxy.host)/progress/ci:v1"], in: app, environment: ["CI": "true"])
        #expect(ci.status == 0, "\(ci.terminal)")
        #expect(!ci.terminal.contains("\u{1B}"), "\(ci.terminal.debugDescription)")
        #expect(ci.terminal.contains("Pushing  sha256:"))

        let plain = try PseudoTerminal.run(
            Wasmpack.executable, ["push", "\(proxy.host)/progress/nocolor:v1"], in: app, environment: ["NO_COLOR": "1"])
        #expect(plain.status == 0, "\(plain.terminal)")
        #expect(plain.terminal.contains("\u{1B}[J"), "\(plain.terminal.debugDescription)")
        #expect(!plain.terminal.contains(Self.colour), "\(plain.terminal.debugDescription)")

        // --progress overrides what the terminal suggests, both ways.
        let forcedPlain = try PseudoTerminal.run(
            Wasmpack.executable, ["push", "\(proxy.host)/progress/forced:v1", "--progress", "plain"], in: app)
        #expect(forcedPlain.status == 0)
        #expect(!forcedPlain.terminal.contains("\u{1B}"))
        let forcedLive = try cli.run(["push", "\(proxy.host)/progress/forced:v2", "--progress", "tty"], in: app)
        #expect(forcedLive.status == 0)
        #expect(forcedLive.stderr.contains("\u{1B}[J"))
    }

    @Test func progressNoneAndQuietPrintNothingOnStderrButTheResultOnStdout() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let work = try cli.temporaryDirectory()
        let app = work + "/app"
        try FileManager.default.copyItem(atPath: CommandLineTests.testdata + "/v1-wagi", toPath: app)

        let quietBuild = try cli.run(["build", app, "-o", work + "/layout", "-q"])
        #expect(quietBuild.status == 0)
        #expect(quietBuild.stderr.isEmpty, "\(quietBuild.stderr)")
        #expect(quietBuild.stdout.wholeMatch(of: #/sha256:[0-9a-f]{64}\n/#) != nil)

        for (index, flags) in [["--progress", "none"], ["-q"], ["--quiet"]].enumerated() {
            let push = try cli.run(["push", "\(registry.host)/quiet/app:v\(index)", "--layout", work + "/layout"] + flags)
            #expect(push.status == 0, "\(flags): \(push.stderr)")
            #expect(push.stderr.isEmpty, "\(flags): \(push.stderr)")
            #expect(push.stdout.wholeMatch(of: #/127\.0\.0\.1:\d+/quiet/app@sha256:[0-9a-f]{64}\n/#) != nil)
            // At a terminal too: nothing is drawn.
            let atTerminal = try PseudoTerminal.run(
                Wasmpack.executable, ["push", "\(registry.host)/quiet/tty:v\(index)", "--layout", work + "/layout"] + flags, in: work)
            #expect(atTerminal.status == 0)
            #expect(atTerminal.terminal.isEmpty, "\(flags): \(atTerminal.terminal.debugDescription)")
            #expect(!atTerminal.stdout.isEmpty)
        }
        let pull = try cli.run(["pull", "\(registry.host)/quiet/app:v1", "-o", work + "/pulled", "-q"])
        #expect(pull.status == 0)
        #expect(pull.stderr.isEmpty, "\(pull.stderr)")
        #expect(pull.stdout.hasSuffix("\n") && pull.stdout.contains("@sha256:"))

        // Warnings are about something to fix: -q keeps them, and only them.
        let warned = try cli.run(["build", DirectMountCommandTests.app, "--keep-manifest", "--skip-checks", "-o", work + "/warned", "-q"])
        #expect(warned.status == 0, "\(warned.stderr)")
        #expect(warned.stdout.wholeMatch(of: #/sha256:[0-9a-f]{64}\n/#) != nil)
        #expect(!warned.stderr.isEmpty && warned.stderrLines.allSatisfy { $0.hasPrefix("warning: ") }, "\(warned.stderr)")

        let contradiction = try cli.run(["push", "\(registry.host)/quiet/app:v9", "--layout", work + "/layout", "-q", "--progress", "tty"])
        #expect(contradiction.status == 64)
        #expect(contradiction.stderr.contains("--quiet"))
        #expect(contradiction.stdout.isEmpty)
    }

    @Test func aBuildAtATerminalShowsTheBuildingPhaseAndThenTheBuiltLine() throws {
        let work = try cli.temporaryDirectory()
        let app = try bigApp()
        let run = try PseudoTerminal.run(Wasmpack.executable, ["build", app, "-o", work + "/layout"], in: work)
        #expect(run.status == 0, "\(run.terminal)")
        #expect(run.stdout.wholeMatch(of: #/sha256:[0-9a-f]{64}\n/#) != nil)
        let lines = Self.visibleLines(run.terminal)
        #expect(lines.contains { $0.hasPrefix("Building…") }, "\(run.terminal.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("Building…") && $0.contains("packing ") }, "\(run.terminal.debugDescription)")
        let afterLastRedraw = Self.visibleLines(String(run.terminal.split(separator: "\u{1B}[J", omittingEmptySubsequences: false).last ?? ""))
        #expect(afterLastRedraw.first?.hasPrefix("Built ") == true, "\(afterLastRedraw)")
        #expect(!afterLastRedraw.contains { $0.hasPrefix("Building") })
    }

    @Test func aCopyAtATerminalShowsEachBlobStreamingAndInAPipeOnePlainLineAtStartAndEnd() throws {
        let source = try TestRegistry.start(.plain)
        defer { source.stop() }
        let destination = try TestRegistry.start(.plain)
        defer { destination.stop() }
        let app = try bigApp()
        let push = try cli.run(["push", "\(source.host)/progress/copy:v1", "-q"], in: app)
        try #require(push.status == 0, "\(push.stderr)")
        let proxy = try SlowProxy.start(upstream: destination.host, bytesPerSecond: 4 << 20, slowUploads: true)
        defer { proxy.stop() }

        let live = try PseudoTerminal.run(
            Wasmpack.executable, ["copy", "\(source.host)/progress/copy:v1", "\(proxy.host)/progress/live:v1"], in: app, columns: 100)
        #expect(live.status == 0, "\(live.terminal)")
        #expect(live.stdout.wholeMatch(of: #/127\.0\.0\.1:\d+/progress/live@sha256:[0-9a-f]{64}\n/#) != nil, "stdout: \(live.stdout)")
        #expect(live.terminal.contains(Self.cursorUp))
        let lines = Self.visibleLines(live.terminal)
        #expect(lines.contains { $0.hasPrefix("Copying  sha256:") && $0.contains("/ 8.0 MiB") && $0.contains(#/\d+% /#) }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Copied   sha256:") && $0.hasSuffix("8.0 MiB") })
        #expect(lines.contains { $0.hasPrefix("Pushed   sha256:") && $0.hasSuffix("as v1") })

        let piped = try cli.run(["copy", "\(source.host)/progress/copy:v1", "\(proxy.host)/progress/piped:v1"], in: app)
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains("\u{1B}"))
        let plain = piped.stderrLines
        #expect(plain.filter { $0.hasPrefix("Copying  sha256:") }.count == 2, "\(plain)")
        #expect(plain.filter { $0.hasPrefix("Copied   sha256:") }.count == 2, "\(plain)")
        #expect(!plain.contains { $0.contains("%") })

        let quiet = try cli.run(["copy", "\(source.host)/progress/copy:v1", "\(proxy.host)/progress/quiet:v1", "-q"], in: app)
        #expect(quiet.status == 0 && quiet.stderr.isEmpty, "\(quiet.stderr)")
    }

    @Test func aPullAtATerminalShowsEachBlobArrivingAndInAPipeOnePlainLineAtStartAndEnd() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let app = try bigApp()
        let push = try cli.run(["push", "\(registry.host)/progress/pull:v1", "-q"], in: app)
        try #require(push.status == 0, "\(push.stderr)")
        let proxy = try SlowProxy.start(upstream: registry.host, bytesPerSecond: 4 << 20)
        defer { proxy.stop() }
        let work = try cli.temporaryDirectory()

        let live = try PseudoTerminal.run(
            Wasmpack.executable, ["pull", "\(proxy.host)/progress/pull:v1", "-o", work + "/live"], in: work)
        #expect(live.status == 0, "\(live.terminal)")
        #expect(live.terminal.contains(Self.cursorUp))
        let lines = Self.visibleLines(live.terminal)
        #expect(lines.contains { $0.hasPrefix("Pulling  sha256:") && $0.contains(#/\d+% /#) }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("Downloaded sha256:") && $0.hasSuffix("8.0 MiB") })

        let piped = try cli.run(["pull", "\(proxy.host)/progress/pull:v1", "-o", work + "/piped"])
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(!piped.stderr.contains("\u{1B}"))
        let plain = piped.stderrLines
        #expect(plain.filter { $0.hasPrefix("Pulling  sha256:") }.count == 2, "\(plain)")
        #expect(plain.filter { $0.hasPrefix("Downloaded sha256:") }.count == 2, "\(plain)")
    }
}
