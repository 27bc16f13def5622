/// posix_spawn with the set-up every child of wasmpack needs (build commands, credential helpers,
/// the Azure CLI): its own process group, so an interrupt or a deadline can stop everything it
/// started (`make` → `cargo`, a helper's `sleep`), not only the direct child; the default
/// dispositions for the signals the CLI ignores (ignored signals stay ignored across exec) and an
/// empty mask; descriptors 0–2 as given and none other inherited.
public enum ProcessSpawn {
    /// Starts `executable` (an absolute path) with `arguments` (argv, including argv[0]) and
    /// returns its process id, which is also its process group id.
    /// - Parameters:
    ///   - environment: "NAME=value" entries; nil passes wasmpack's own environment.
    ///   - standardInput: a descriptor for the child's stdin; nil gives it /dev/null.
    ///   - directory: the child's working directory; nil keeps wasmpack's.
    public static func spawn(
        executable: String, arguments: [String], environment: [String]? = nil,
        standardInput: Int32? = nil, standardOutput: Int32, standardError: Int32, directory: String? = nil
    ) throws(SystemError) -> pid_t {
        var actions = makeFileActions()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if let standardInput {
            posix_spawn_file_actions_adddup2(&actions, standardInput, 0)
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, standardOutput, 1)
        posix_spawn_file_actions_adddup2(&actions, standardError, 2)
        // Descriptors other code opened without O_CLOEXEC (a registry socket, a file being written)
        // are none of the child's business.
        closeDescriptors(from: 3, in: &actions)
        if let directory {
            let changed = try changeDirectory(to: directory, in: &actions)
            guard changed == 0 else { throw SystemError(code: changed) }
        }

        var attributes = makeAttributes()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        for signal in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT] { sigaddset(&defaultSignals, signal) }
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(spawnFlags))

        let argv = arguments.map { strdup($0) }
        let envp = environment?.map { strdup($0) }
        defer { (argv + (envp ?? [])).forEach { free($0) } }
        var pid: pid_t = 0
        var spawned = spawnOnce(&pid, executable, &actions, &attributes, argv + [nil], envp.map { $0 + [nil] })
        // ETXTBSY: another thread's child briefly holds a just-written executable open for writing
        // between its fork and exec; it clears within milliseconds.
        for _ in 0..<5 where spawned == ETXTBSY {
            usleep(20_000)
            spawned = spawnOnce(&pid, executable, &actions, &attributes, argv + [nil], envp.map { $0 + [nil] })
        }
        guard spawned == 0 else { throw SystemError(code: spawned) }
        return pid
    }

    /// The exit status of a reaped child: its exit code, or 128 + the signal that killed it
    /// (WIFEXITED/WEXITSTATUS/WTERMSIG are C macros Swift does not import).
    public static func exitCode(status: Int32) -> (exitCode: Int32, signal: Int32) {
        let signal = status & 0x7f
        return (signal == 0 ? (status >> 8) & 0xff : 128 + signal, signal)
    }

    private static func spawnOnce(
        _ pid: inout pid_t, _ executable: String, _ actions: inout FileActions, _ attributes: inout Attributes,
        _ argv: [UnsafeMutablePointer<CChar>?], _ envp: [UnsafeMutablePointer<CChar>?]?
    ) -> Int32 {
        if let envp { return posix_spawn(&pid, executable, &actions, &attributes, argv, envp) }
        return posix_spawn(&pid, executable, &actions, &attributes, argv, environmentPointer)
    }

    #if canImport(Darwin)
    private typealias FileActions = posix_spawn_file_actions_t?
    private typealias Attributes = posix_spawnattr_t?
    private static func makeFileActions() -> FileActions { nil }
    private static func makeAttributes() -> Attributes { nil }
    private static var environmentPointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> { _NSGetEnviron().pointee! }
    // Darwin closes every descriptor not named in the file actions with this flag.
    private static let spawnFlags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_CLOEXEC_DEFAULT)
    private static func closeDescriptors(from lowest: Int32, in actions: inout FileActions) {}
    private static func changeDirectory(to directory: String, in actions: inout FileActions) throws(SystemError) -> Int32 {
        posix_spawn_file_actions_addchdir_np(&actions, directory)
    }
    #else
    private typealias FileActions = posix_spawn_file_actions_t
    private typealias Attributes = posix_spawnattr_t
    private static func makeFileActions() -> FileActions { FileActions() }
    private static func makeAttributes() -> Attributes { Attributes() }
    private static var environmentPointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> { environ }
    private static let spawnFlags = Int32(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)

    private static func closeDescriptors(from lowest: Int32, in actions: inout FileActions) {
        if let addCloseFrom { _ = addCloseFrom(&actions, lowest) }
    }

    private static func changeDirectory(to directory: String, in actions: inout FileActions) throws(SystemError) -> Int32 {
        guard let addChdir else { throw SystemError(code: ENOSYS) }
        return directory.withCString { addChdir(&actions, $0) }
    }

    private typealias AddChdir = @convention(c) (UnsafeMutablePointer<FileActions>, UnsafePointer<CChar>) -> Int32
    private typealias AddCloseFrom = @convention(c) (UnsafeMutablePointer<FileActions>, Int32) -> Int32

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+) and `…_addclosefrom_np` (2.34+),
    /// which Swift does not import because spawn.h declares them only under _GNU_SOURCE.
    private static let addChdir: AddChdir? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addchdir_np") else { return nil }
        return unsafeBitCast(symbol, to: AddChdir.self)
    }()

    private static let addCloseFrom: AddCloseFrom? = {
        guard let symbol = dlsym(nil, "posix_spawn_file_actions_addclosefrom_np") else { return nil }
        return unsafeBitCast(symbol, to: AddCloseFrom.self)
    }()
    #endif
}
