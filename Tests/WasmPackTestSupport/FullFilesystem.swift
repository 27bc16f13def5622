import Foundation

/// A 1 MiB tmpfs filled to the last byte, so every write on it fails with ENOSPC as on a full
/// disk. Mounting needs root; `canMount` says whether this machine allows it.
public struct FullFilesystem: Sendable {
    public let path: String

    /// For `.enabled(if:)`: true when a mount works, and always under WASMPACK_REQUIRE_PEERS=1,
    /// where a refused mount must fail the test rather than skip it.
    public static let canMount: Bool = {
        if ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1" { return true }
        guard let probe = try? FullFilesystem() else { return false }
        probe.remove()
        return true
    }()

    public struct MountRefused: Error, CustomStringConvertible {
        public let description: String
    }

    public init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("wasmpack-full-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let mount = Process()
        mount.executableURL = URL(fileURLWithPath: "/bin/mount")
        mount.arguments = ["-t", "tmpfs", "-o", "size=1m", "tmpfs", path]
        mount.standardError = FileHandle.nullDevice
        try mount.run()
        mount.waitUntilExit()
        guard mount.terminationStatus == 0 else {
            rmdir(path)
            throw MountRefused(description: "mount -t tmpfs refused (status \(mount.terminationStatus)); run the tests as root")
        }
        // Fill it: the filler is removed with the mount.
        let descriptor = open(path + "/filler", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        let block = [UInt8](repeating: 0, count: 4096)
        while block.withUnsafeBytes({ write(descriptor, $0.baseAddress, $0.count) }) > 0 {}
        close(descriptor)
    }

    public func remove() {
        let umount = Process()
        umount.executableURL = URL(fileURLWithPath: "/bin/umount")
        umount.arguments = [path]
        try? umount.run()
        umount.waitUntilExit()
        rmdir(path)
    }
}
