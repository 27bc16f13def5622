import ArgumentParser

/// `--progress` and `-q/--quiet`, shared by every command that builds or moves images.
struct ProgressArguments: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Progress on stderr: auto (live on a terminal; plain lines in a pipe, in CI or with TERM=dumb), tty, plain or none.",
        valueName: "mode"))
    var progress: ProgressMode = .auto

    @Flag(name: .shortAndLong, help: "Print only the result on stdout: no progress and no messages (warnings and errors still go to stderr).")
    var quiet = false

    func validate() throws {
        if quiet && (progress == .tty || progress == .plain) {
            throw ValidationError("-q/--quiet shows no progress, but --progress \(progress.rawValue) asks for it; drop one of them")
        }
    }

    /// The display for one command; it owns stderr until `finish()`.
    func display(_ activity: ProgressDisplay.Activity) -> ProgressDisplay {
        ProgressDisplay(style: style, quiet: quiet, activity: activity)
    }

    /// The style `--progress` and the environment ask for: NO_COLOR (any non-empty value, no-color.org)
    /// keeps the live display but without colour; TERM=dumb cannot move the cursor, and a CI job's
    /// log (CI set, as every CI service sets it) keeps only lines, so auto goes plain for both.
    var style: ProgressDisplay.Style {
        if quiet { return .none }
        let colour = (Terminal.environment("NO_COLOR") ?? "").isEmpty
        switch progress {
        case .none: return .none
        case .plain: return .plain
        case .tty: return .live(colour: colour)
        case .auto:
            let ci = Terminal.environment("CI").map { !$0.isEmpty && $0.lowercased() != "false" && $0 != "0" } ?? false
            guard Terminal.stderrIsTerminal, Terminal.environment("TERM") != "dumb", !ci else { return .plain }
            return .live(colour: colour)
        }
    }
}
