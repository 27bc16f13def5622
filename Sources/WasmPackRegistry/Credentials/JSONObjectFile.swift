import WasmPackPlatform
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A credentials file read as a generic JSON object and written back whole, so keys wasmpack does
/// not know (`proxies`, `currentContext`, `psFormat`, …) survive a login untouched.
enum JSONObjectFile {
    static let sizeLimit = 16 << 20

    /// The file's top-level object; nil when the file does not exist. An empty file is an empty
    /// object, as docker treats it.
    static func object(at path: String) throws(CredentialError) -> [String: Any]? {
        guard let bytes = try readBytes(path) else { return nil }
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return [:] }
        let parsed: Any
        do {
            parsed = try JSONAnyTree.parse(bytes)
        } catch {
            // The parser's message can quote the text around the fault, which may be a secret.
            throw .invalidFile(path: path, reason: "it is not valid JSON")
        }
        guard let object = parsed as? [String: Any] else { throw .invalidFile(path: path, reason: "it is not a JSON object") }
        return object
    }

    private static func readBytes(_ path: String) throws(CredentialError) -> [UInt8]? {
        // O_NONBLOCK: a FIFO in the file's place would block open until a writer came.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK)
        if descriptor < 0 {
            // ENOTDIR: a file where a directory of the path should be; nothing is stored there either.
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw .unreadableFile(path: path, reason: errorText())
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadableFile(path: path, reason: errorText()) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw .unreadableFile(path: path, reason: "it is not a regular file") }
        let flags = fcntl(descriptor, F_GETFL)
        guard flags >= 0, fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK) == 0 else {
            throw .unreadableFile(path: path, reason: errorText())
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { SystemCall.read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { return bytes }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, reason: errorText())
            }
            bytes.append(contentsOf: buffer[0..<count])
            if bytes.count > sizeLimit { throw .invalidFile(path: path, reason: "it is larger than \(sizeLimit >> 20) MiB") }
        }
    }

    /// Replaces `path` with `object`, pretty-printed: a temporary sibling is written, synced and
    /// renamed over it, so a crash leaves the old file or the new one, never half of one. A new
    /// file gets mode 0600 and new directories 0700 (it holds passwords); an existing file keeps
    /// its mode. A symlinked config (dotfile managers) is written through, as docker does.
    static func replace(_ path: String, with object: [String: Any]) throws(CredentialError) {
        var target = path
        if let resolved = realpath(path, nil) {
            target = String(cString: resolved)
            free(resolved)
        }
        let directory = parentDirectory(of: target)
        try makeDirectories(directory, reportingAs: target)

        var mode: mode_t = 0o600
        var info = stat()
        if stat(target, &info) == 0 { mode = info.st_mode & 0o7777 }

        let data = JSONAnyTree.prettyBytes(object)

        var temporary = ""
        var descriptor: Int32 = -1
        while descriptor < 0 {
            temporary = directory + "/." + lastComponent(of: target) + ".tmp-\(getpid())-\(UInt32.random(in: .min ... .max))"
            // O_EXCL: never write through a file (or symlink) someone else put at the temporary name.
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor < 0 && errno != EEXIST {
                throw .writeFailed(path: target, operation: "create a temporary file beside", reason: errorText())
            }
        }
        do throws(CredentialError) {
            defer { close(descriptor) }
            try writeAll(Array(data) + [0x0A], to: descriptor, path: target)
            guard fchmod(descriptor, mode) == 0 else { throw .writeFailed(path: target, operation: "set the mode of", reason: errorText()) }
            guard fsync(descriptor) == 0 else { throw .writeFailed(path: target, operation: "sync", reason: errorText()) }
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, target) == 0 else {
            let reason = errorText()
            unlink(temporary)
            throw .writeFailed(path: target, operation: "replace", reason: reason)
        }
        // Make the rename itself durable.
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            _ = fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(CredentialError) {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { SystemCall.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .writeFailed(path: path, operation: "write", reason: errorText())
            }
            offset += count
        }
    }

    /// `mkdir -p` with mode 0700 for every directory it creates, as docker's `os.MkdirAll(dir, 0o700)`.
    private static func makeDirectories(_ directory: String, reportingAs path: String) throws(CredentialError) {
        var info = stat()
        if stat(directory, &info) == 0 { return }
        let parent = parentDirectory(of: directory)
        if parent != directory { try makeDirectories(parent, reportingAs: path) }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else {
            throw .writeFailed(path: path, operation: "create the directory \(directory) for", reason: errorText())
        }
    }

    private static func parentDirectory(of path: String) -> String {
        let parent = PathName.deletingLastComponent(path)
        return parent.isEmpty ? "." : parent
    }

    private static func lastComponent(of path: String) -> String {
        PathName.lastComponent(path)
    }

    static func errorText() -> String { String(cString: strerror(errno)) }
}
