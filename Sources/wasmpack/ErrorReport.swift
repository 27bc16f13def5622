import ArgumentParser
import WasmPackPlatform

/// The one place the CLI turns an error into what the user sees. Whatever the error's source
/// (argument parsing, a library's typed error, Foundation), it becomes one line on stderr,
/// `Error: …`, with control characters escaped: scripts and CI logs read errors line by line,
/// and a reference or path holding a newline must not split one (or an ESC restyle the terminal).
enum ErrorReport {
    /// The exit code of usage errors (`EX_USAGE`), as ArgumentParser gives them.
    static let usageExitCode = ExitCode.validationFailure.rawValue

    /// Prints `error` and exits with its code. `command` is the subcommand that was running or
    /// being parsed, nil when there is none (then its name is looked for in the arguments).
    /// `--help` and `--version` print in full to stdout and exit 0, as they always did.
    static func exit(_ error: Error, command: (any ParsableCommand.Type)?) -> Never {
        let code = Wasmpack.exitCode(for: error)
        if code.isSuccess {
            // Help and version text: many lines by design, and a result, so stdout.
            print(Wasmpack.fullMessage(for: error))
            SystemCall.exit(code.rawValue)
        }
        let message = Wasmpack.message(for: error)
        // `wasmpack` with no arguments at all: the help screen is the useful answer.
        if message.isEmpty && code.rawValue == usageExitCode {
            FileHandleStderr.write(Wasmpack.fullMessage(for: error) + "\n")
            SystemCall.exit(code.rawValue)
        }
        // An ExitCode thrown on purpose carries no message.
        if !message.isEmpty {
            FileHandleStderr.write(line(message: message, exitCode: code.rawValue, command: command ?? subcommandNamedInArguments()) + "\n")
        }
        SystemCall.exit(code.rawValue)
    }

    /// `Error: MESSAGE`, and for usage errors `; usage: wasmpack CMD SYNOPSIS (see 'wasmpack CMD --help')`.
    static func line(message: String, exitCode: Int32, command: (any ParsableCommand.Type)?) -> String {
        var text = "Error: " + sentenceCase(message)
        if exitCode == usageExitCode {
            // ArgumentParser ends some messages with a full stop; the usage reads on after it.
            if text.hasSuffix(".") { text.removeLast() }
            let name = command.map { "wasmpack " + $0._commandName } ?? "wasmpack"
            let synopsis = (command as? any CommandSynopsis.Type)?.synopsis ?? "<subcommand> [options]"
            text += "; usage: \(name) \(synopsis) (see '\(name) --help')"
        }
        return escaped(text)
    }

    /// `text` with every character that could break the line or drive the terminal written as an
    /// escape: `\n`, `\r`, `\t`, and `\u{1b}` style for other C0/C1 controls, DEL, the Unicode
    /// line and paragraph separators and the bidirectional overrides (which reorder what is shown).
    static func escaped(_ text: String) -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where needsEscape(scalar): result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1f, 0x7f...0x9f: return true
        case 0x2028, 0x2029: return true  // line and paragraph separators
        case 0x200e, 0x200f, 0x202a...0x202e, 0x2066...0x2069: return true  // bidi marks and overrides
        default: return false
        }
    }

    /// ArgumentParser's messages start with a capital ("Missing expected argument"); ours read on
    /// from "Error: " in lower case. Words in capitals (SOURCE_DATE_EPOCH) keep them.
    private static func sentenceCase(_ message: String) -> String {
        let scalars = Array(message.unicodeScalars.prefix(2))
        guard scalars.count == 2, scalars[0].properties.isUppercase, scalars[1].properties.isLowercase else {
            return message
        }
        return message.prefix(1).lowercased() + message.dropFirst()
    }

    /// For parse errors: ArgumentParser keeps the subcommand it was parsing to itself, but every
    /// subcommand is named by the first argument (the root command has no options of its own).
    private static func subcommandNamedInArguments() -> (any ParsableCommand.Type)? {
        guard CommandLine.arguments.count > 1 else { return nil }
        let name = CommandLine.arguments[1]
        return Wasmpack.configuration.subcommands.first { $0._commandName == name }
    }
}

/// The arguments a subcommand takes, as its one-line usage error shows them: positionals in
/// full, options summarised (the whole list is in `--help`).
protocol CommandSynopsis {
    static var synopsis: String { get }
}
