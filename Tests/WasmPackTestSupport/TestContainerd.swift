import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// containerd (1.6 on Debian 12), the runtime AKS and the Spin shim sit on, for one test: run as
/// root with its own root, state and socket in a temporary folder, talked to with `ctr`. Stopped
/// by `stop()` or when released, and never outlives the test process (Services/containerd_supervisor.py).
///
///     let containerd = try TestContainerd.start()
///     defer { containerd.stop() }
///     try containerd.checkCtr(["images", "pull", "--plain-http", "--platform", "wasi/wasm", "127.0.0.1:PORT/app:v1"])
public final class TestContainerd: @unchecked Sendable {
    /// The containerd namespace every `ctr` call of the tests works in.
    public static let namespace = "wasmpack-tests"
    /// Seconds a `ctr` call may take unless the caller says otherwise; a pull of a test image takes
    /// well under one.
    public static let defaultCommandTimeout = 60

    static let containerdExecutable = "/usr/bin/containerd"
    static let ctrExecutable = "/usr/bin/ctr"
    // coreutils: bounds each ctr call, since ExternalCommand waits for as long as a command runs.
    static let timeoutExecutable = "/usr/bin/timeout"

    /// The unix socket containerd serves its API on (what `ctr --address` takes).
    public let socket: String

    private let group: ServiceGroup

    /// Whether containerd and ctr are installed (scripts/install-deps.sh --test), for
    /// `@Test(.enabled(if: TestContainerd.isAvailable))`. Always true under WASMPACK_REQUIRE_PEERS=1,
    /// where a missing peer must fail, not skip.
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1"
            || [ServiceProcess.python, containerdExecutable, ctrExecutable]
                .allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts containerd and returns once `ctr version` answers on its socket.
    public static func start() throws -> TestContainerd {
        for tool in [containerdExecutable, ctrExecutable, timeoutExecutable]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            throw TestServiceError.missingTool(path: tool)
        }
        let group = try ServiceGroup(label: "containerd")
        do {
            let directory = group.directory
            let socket = directory.file("containerd.sock")
            let config = try directory.write("config.toml", configuration(in: directory, socket: socket))
            _ = try group.start(
                "containerd", script: "containerd_supervisor.py",
                // Shorter than ServiceProcess's 30 s wait, so the supervisor's own message is the one seen.
                arguments: ["--config", config, "--socket", socket, "--timeout", "25"])
            return TestContainerd(socket: socket, group: group)
        } catch {
            group.stop()
            throw error
        }
    }

    private init(socket: String, group: ServiceGroup) {
        self.socket = socket
        self.group = group
    }

    deinit {
        stop()
    }

    /// containerd's config: everything it writes goes under the test's folder (root, state, the
    /// sockets, and the `opt` plugin, which would otherwise create /opt/containerd).
    private static func configuration(in directory: WorkDirectory, socket: String) -> String {
        func quoted(_ path: String) -> String {
            "\"" + path.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        return """
            version = 2
            root = \(quoted(directory.file("root")))
            state = \(quoted(directory.file("state")))
            # CRI would want a CNI set-up and the node's cgroups; btrfs, zfs, devmapper and aufs need
            # kernel features or devices a test machine lacks. A pull needs none of them: it unpacks
            # with the overlayfs snapshotter (a single-layer image is a plain bind mount).
            disabled_plugins = [
              "io.containerd.grpc.v1.cri",
              "io.containerd.snapshotter.v1.btrfs",
              "io.containerd.snapshotter.v1.zfs",
              "io.containerd.snapshotter.v1.devmapper",
              "io.containerd.snapshotter.v1.aufs",
            ]

            [grpc]
              address = \(quoted(socket))

            [ttrpc]
              address = \(quoted(socket + ".ttrpc"))

            [plugins."io.containerd.internal.v1.opt"]
              path = \(quoted(directory.file("opt")))

            """
    }

    /// Runs `ctr --address socket --namespace wasmpack-tests arguments…`, ended after `timeout`
    /// seconds (then status 124, or 137 if it also ignored SIGTERM, and a note in `errorOutput`).
    public func ctr(_ arguments: [String], timeout: Int = defaultCommandTimeout) throws -> ExternalCommand.Result {
        // -k: the test runner's threads block SIGTERM and child processes inherit that mask, so
        // only SIGKILL is sure to end a hung ctr.
        var result = try ExternalCommand.run(
            Self.timeoutExecutable,
            ["-k", "5", String(timeout), Self.ctrExecutable, "--address", socket, "--namespace", Self.namespace]
                + arguments)
        if result.status == 124 || result.status == 137 {
            result.errorOutput += "\n(ctr was stopped after \(timeout) s)"
        }
        return result
    }

    /// Runs `ctr` like `ctr(_:timeout:)` and throws, with ctr's standard error and the end of
    /// containerd's log, unless it exits 0.
    @discardableResult
    public func checkCtr(_ arguments: [String], timeout: Int = defaultCommandTimeout) throws -> ExternalCommand.Result {
        let result = try ctr(arguments, timeout: timeout)
        guard result.status == 0 else {
            throw TestServiceError.commandFailed(
                command: (["ctr"] + arguments).joined(separator: " "), status: result.status,
                errorOutput: result.errorOutput + "\ncontainerd's log ends:\n" + logTail)
        }
        return result
    }

    /// A new empty folder under containerd's temporary folder to mount an image on
    /// (`ctr images mount REF DIR`): `stop()` unmounts whatever is still mounted there.
    public func makeMountPoint() throws -> String {
        let path = group.directory.file("mounts/\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The end of containerd's (and its supervisor's) log, to attach to a failing expectation.
    public var logTail: String {
        group.logTail
    }

    /// Unmounts everything under the temporary folder, stops containerd and deletes the folder;
    /// safe to call more than once.
    public func stop() {
        // Here as well as in the supervisor: the supervisor's pass covers a test process that died,
        // this one makes sure no mount is left when ServiceGroup deletes the folder, even if the
        // supervisor had to be killed.
        Self.unmountEverything(under: group.directory.path)
        group.stop()
    }

    /// Lazily unmounts every mount at or below `directory`, deepest first (stacked mounts on one
    /// point come off one per pass).
    static func unmountEverything(under directory: String) {
        let prefix = URL(fileURLWithPath: directory).resolvingSymlinksInPath().path
        for _ in 0..<8 {
            let points = mountPoints().filter { $0 == prefix || $0.hasPrefix(prefix + "/") }
            guard !points.isEmpty else { return }
            for point in points.sorted(by: { $0.count > $1.count }) {
                _ = umount2(point, Int32(MNT_DETACH))
            }
        }
    }

    /// The mount points of this process's mount namespace: field 5 of /proc/self/mountinfo, where
    /// the kernel writes space, tab, newline and backslash as octal escapes (`\040`).
    private static func mountPoints() -> [String] {
        guard let text = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ", omittingEmptySubsequences: false)
            return fields.count > 4 ? unescapeOctal(fields[4]) : nil
        }
    }

    private static func unescapeOctal(_ field: Substring) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(field.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "\\"), utf8.count >= 3,
               let value = UInt8(String(decoding: utf8.prefix(3), as: UTF8.self), radix: 8) {
                bytes.append(value)
                utf8 = utf8.dropFirst(3)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
