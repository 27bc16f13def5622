import ArgumentParser
import Dispatch
import WasmPackLayout
#if canImport(Glibc)
import Glibc
#endif

@main
struct Wasmpack: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "wasmpack",
        abstract: "Package WebAssembly apps (spin.toml + .wasm) as OCI images and artifacts.",
        discussion: "Results go to stdout, progress and messages to stderr.",
        version: version,
        subcommands: [Build.self, Push.self, Pull.self, Inspect.self, Login.self, Logout.self]
    )

    static func main() async {
        SignalCleanup.install()
        var command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            ErrorReport.exit(error, command: nil)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            ErrorReport.exit(error, command: type(of: command))
        }
    }
}

/// Removes half-built staging folders when the user presses Ctrl-C or CI cancels the job.
enum SignalCleanup {
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                StagingRegistry.removeAll()
                _exit(128 + signalNumber)
            }
            source.resume()
            sources.append(source)
        }
    }
}
