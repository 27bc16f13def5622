import ArgumentParser

/// `--progress`: how progress shows on stderr.
enum ProgressMode: String, CaseIterable, ExpressibleByArgument {
    /// Live on a terminal (unless TERM=dumb), plain lines otherwise.
    case auto
    /// A live display redrawn in place, even when stderr does not look like a terminal.
    case tty
    /// One line per event: a pipe's or CI log's view.
    case plain
    /// No progress at all; messages, warnings and errors still print.
    case none
}
