import ArgumentParser
import Dispatch
import Synchronization
import WasmPackArchive
import WasmPackOCI
import WasmPackPlatform
import WasmPackRegistry

@main
struct Wasmpack: AsyncParsableCommand {
    static let version = "0.1.0"

    /// `wasmpack --version`: the first line stays `wasmpack X.Y.Z` for scripts (package.sh reads it);
    /// then the commit and the C libraries as loaded at run time, which is what a bug report needs.
    static var versionText: String {
        """
        wasmpack \(version)
        commit \(BuildCommit.hash)
        libcurl \(linkedLibcurlVersion())
        OpenSSL \(linkedOpenSSLVersion())
        libarchive \(linkedLibarchiveVersion())
        zlib \(linkedZlibVersion())
        """
    }

    static let configuration = CommandConfiguration(
        commandName: "wasmpack",
        abstract: "Package WebAssembly apps (spin.toml + .wasm) as OCI images and artifacts.",
        discussion: "Results go to stdout, progress and messages to stderr.",
        version: versionText,
        subcommands: [
            Build.self, Push.self, Pull.self, Inspect.self, Kube.self, Targets.self, Login.self, Logout.self,
            Tags.self, DigestCommand.self, Copy.self, TagCommand.self, Delete.self,
        ]
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
            SignalCleanup.commandEnded()
        } catch {
            // After an interrupt the error is only how the work stopped: the handler reports it.
            SignalCleanup.commandEnded()
            ErrorReport.exit(error, command: type(of: command))
        }
    }
}

/// What Ctrl-C (SIGINT) and CI's cancel (SIGTERM) do: stop the work, let it undo itself, exit.
///
/// Removing staging folders straight from the handler raced the download threads, which kept
/// writing into them (partial blobs were left behind). So the handler only asks everything to
/// stop (`ProcessCancellation`): transfers abort from libcurl's callbacks, worker pools take no
/// new job, extraction and layer writing stop between blocks, and the command's own error path
/// removes its staging folders and rolls an extraction back. The handler waits for the command
/// to end that way (when it has staging registered), at most `stopWait` seconds, then removes whatever staging is still
/// registered (a last resort for work stuck in a system call), prints one line and exits with
/// 128 + the signal number (130, 143).
enum SignalCleanup {
    static let stopWait = 3.0

    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []
    private static let handling = Atomic<Bool>(false)
    private static let ended = DispatchSemaphore(value: 0)

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            SystemCall.ignore(signal: signalNumber)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { interrupt(by: signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    /// Called when the command returned or threw. During an interrupt it hands over to the
    /// handler and never returns, so no error message or result is printed for stopped work.
    static func commandEnded() {
        guard ProcessCancellation.isRequested else { return }
        ended.signal()
        while true { pause() }
    }

    private static func interrupt(by signalNumber: Int32) {
        // A second Ctrl-C while the first is handled changes nothing: the wait is bounded anyway.
        guard !handling.exchange(true, ordering: .acquiringAndReleasing) else { return }
        ProcessCancellation.request()
        // Nothing half-written registered (a password prompt, a push's uploads): nothing to wait for.
        let stopped = !ProcessCancellation.hasPendingCleanups || ended.wait(timeout: .now() + stopWait) == .success
        ProcessCancellation.runCleanups()
        let name = signalNumber == SIGINT ? "SIGINT" : "SIGTERM"
        Output.notice(stopped
            ? "Interrupted (\(name)): stopped; unfinished work was removed, nothing is left half-written"
            : "Interrupted (\(name)): work did not stop within \(Int(stopWait)) s; removed its staging folders")
        _exit(128 + signalNumber)
    }
}
