import WasmPackPlatform
import Synchronization
import WasmPackOCI
import WasmPackSpin

/// `--build`: runs each component's `[component.<id>.build]` commands the way `spin build` does
/// (spinframework/spin `crates/build`): through `sh -c` in the component's workdir, with
/// wasmpack's environment, one command after another, stopping at the first that fails.
///
/// Library code never prints: the commands' stdout and stderr both go to `outputDescriptor` (the
/// CLI passes stderr, since stdout carries only results), and what wasmpack itself has to say goes
/// to `note`. Each command runs in its own process group so an interrupt stops everything it
/// started (`make` → `cargo` → `rustc`), not only the shell; stdin is /dev/null because a process
/// outside the terminal's foreground group that reads the terminal would be stopped (SIGTTIN)
/// and hang the build.
public struct BuildCommandRunner: Sendable {
    /// How long an interrupted command gets to stop after SIGINT before its group is killed.
    static let interruptGrace: Duration = .seconds(2)

    public let outputDescriptor: Int32
    public let note: @Sendable (String) -> Void

    public init(outputDescriptor: Int32 = 2, note: @escaping @Sendable (String) -> Void = { _ in }) {
        self.outputDescriptor = outputDescriptor
        self.note = note
    }

    /// Runs the build commands of the app at `path` (an app directory or a spin.toml, relative to
    /// `workingDirectory`); only those of `component` when it is given.
    public func run(path: String, component: String?, workingDirectory: String) throws(BuildCommandError) {
        let absolute = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        if absolute.hasSuffix(".wasm") {
            var info = stat()
            if stat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFREG { throw .notAnApp(path: path) }
        }
        let plan: SpinBuildPlan
        do { plan = try SpinManifestReader().buildPlan(path: absolute) } catch { throw .manifest(error) }

        var selected = plan.components
        if let component {
            guard let match = plan.components.first(where: { $0.id == component }) else {
                throw .unknownComponent(manifest: plan.manifest, id: component, ids: plan.components.map(\.id))
            }
            selected = [match]
        }
        for entry in selected {
            guard let build = entry.build, !build.commands.isEmpty else {
                note("component \(entry.id) has no build command; skipped")
                continue
            }
            let directory: String
            do { directory = try plan.workingDirectory(for: build) } catch { throw .manifest(error) }
            var info = stat()
            guard stat(directory, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else {
                throw .workdirNotFound(manifest: plan.manifest, component: entry.id, workdir: build.workdir ?? ".")
            }
            for (index, command) in build.commands.enumerated() {
                if build.commands.count > 1 {
                    note("Building component \(entry.id), step \(index + 1)/\(build.commands.count): \(command)")
                } else {
                    note("Building component \(entry.id): \(command)")
                }
                try runOne(command, in: directory, component: entry.id, manifest: plan.manifest)
            }
        }
    }

    private func runOne(_ command: String, in directory: String, component: String, manifest: String) throws(BuildCommandError) {
        // Registered before the spawn: an interrupt that lands in between must still find something
        // to wait for (else the CLI exits at once and the build runs on, orphaned). If the CLI's
        // handler gives up waiting for us, it kills the whole group itself.
        let group = ChildGroup()
        let token = ProcessCancellation.registerCleanup { group.send(SIGKILL) }
        defer { ProcessCancellation.unregisterCleanup(token) }
        if ProcessCancellation.isRequested { throw .interrupted(component: component, command: command) }
        let pid: pid_t
        do { pid = try spawnShell(command, in: directory) } catch {
            throw .cannotStart(component: component, command: command, errno: error.code)
        }
        group.started(pid)

        var interruptedAt: ContinuousClock.Instant?
        var status: Int32 = 0
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { break }
            if reaped < 0 && errno != EINTR {
                throw .cannotStart(component: component, command: command, errno: errno)
            }
            if ProcessCancellation.isRequested {
                if let since = interruptedAt {
                    if ContinuousClock.now - since > Self.interruptGrace { kill(-pid, SIGKILL) }
                } else {
                    // The terminal's Ctrl-C reached only our process group; pass it on to theirs.
                    interruptedAt = .now
                    kill(-pid, SIGINT)
                }
            }
            usleep(10_000)
        }
        if interruptedAt != nil {
            // The shell is gone; what it started in its group (`cargo` under `make`) goes too.
            kill(-pid, SIGKILL)
            throw .interrupted(component: component, command: command)
        }
        let (exitCode, signal) = ProcessSpawn.exitCode(status: status)
        if signal != 0 { throw .killed(manifest: manifest, component: component, command: command, signal: signal) }
        if exitCode != 0 { throw .failed(manifest: manifest, component: component, command: command, exitCode: exitCode) }
    }

    private struct SpawnFailure: Error { let code: Int32 }

    /// The running command's process group, for the interrupt handler's thread.
    private final class ChildGroup: Sendable {
        private let leader = Atomic<Int32>(0)

        func started(_ pid: pid_t) { leader.store(pid, ordering: .releasing) }

        func send(_ number: Int32) {
            let pid = leader.load(ordering: .acquiring)
            if pid > 0 { kill(-pid, number) }
        }
    }

    private func spawnShell(_ command: String, in directory: String) throws(SpawnFailure) -> pid_t {
        do {
            return try ProcessSpawn.spawn(
                executable: "/bin/sh", arguments: ["sh", "-c", command],
                standardOutput: outputDescriptor, standardError: outputDescriptor, directory: directory)
        } catch {
            throw SpawnFailure(code: error.code)
        }
    }
}
