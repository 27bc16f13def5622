#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackOCI

/// Fetches the Wasm of a `{ url, digest }` component source into a cache kept by digest, so a
/// build can pack it as `spin registry push` does (Spin downloads these into its own cache too).
///
/// No credentials are ever sent, so redirects may cross hosts. The body streams to a temporary
/// file while it is hashed; only a file whose digest matches enters the cache.
public struct SourceDownloader: Sendable {
    /// Far beyond any real component; stops a wrong url from filling the disk.
    public static let sizeLimit: Int64 = 1 << 30

    public let cacheDirectory: String
    public let configuration: TransportConfiguration

    public init(cacheDirectory: String, configuration: TransportConfiguration) {
        self.cacheDirectory = cacheDirectory
        self.configuration = configuration
    }

    /// `${XDG_CACHE_HOME:-$HOME/.cache}/wasmpack/sources`.
    public static func defaultCacheDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base = environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (SystemCall.homeDirectory(environment: environment) + "/.cache")
        return base + "/wasmpack/sources"
    }

    /// The cached file holding `url`'s bytes, downloading them first when the cache lacks them.
    public func file(url: String, digest: Digest) throws(SourceDownloadError) -> String {
        let path = cacheDirectory + "/" + digest.algorithm.rawValue + "/" + digest.encoded
        // A cached file is re-hashed: a damaged cache must not end up in an artifact.
        if FileManager.default.fileExists(atPath: path), (try? Self.digest(ofFile: path)) == digest { return path }
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") || lower.hasPrefix("http://") else { throw .unsupportedURL(url: url) }
        let folder = PathName.deletingLastComponent(path)
        let temporary = folder + "/.download-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .cache(path: folder, detail: String(describing: error))
        }
        let output = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard output >= 0 else { throw .cache(path: temporary, detail: "cannot create the file: " + SystemCall.message(errno: errno)) }
        defer { unlink(temporary) }
        let actual: Digest
        do {
            defer { close(output) }
            actual = try download(url, into: output)
        }
        guard actual == digest else { throw .digestMismatch(url: url, expected: digest, actual: actual) }
        guard SystemCall.rename(temporary, path) == 0 else { throw .cache(path: path, detail: String(cString: strerror(errno))) }
        return path
    }

    private func download(_ url: String, into output: Int32) throws(SourceDownloadError) -> Digest {
        let transport: HTTPTransport
        do { transport = try HTTPTransport(configuration: configuration) } catch { throw .transport(error) }
        var current = url
        for _ in 0...10 {
            let hasher = SHA256Hasher()
            var received: Int64 = 0
            let limit = Self.sizeLimit
            let response: HTTPResponse
            do {
                response = try transport.perform(HTTPRequest(method: "GET", url: current)) { chunk in
                    received += Int64(chunk.count)
                    guard received <= limit else { throw SourceDownloadError.tooLarge(url: url, limit: limit) }
                    hasher.update(chunk)
                    do throws(SystemError) { try FileContents.writeAll(chunk, to: output) } catch {
                        throw SourceDownloadError.cache(path: cacheDirectory, detail: error.message)
                    }
                }
            } catch {
                if case .aborted(_, let underlying) = error, let cause = underlying as? SourceDownloadError { throw cause }
                throw .transport(error)
            }
            if [301, 302, 303, 307, 308].contains(response.status) {
                guard let location = response.header("Location"), let next = URLOrigin.resolve(location, against: current) else {
                    throw .status(url: current, status: response.status)
                }
                current = next
                continue
            }
            guard (200..<300).contains(response.status) else { throw .status(url: current, status: response.status) }
            return hasher.finalize()
        }
        throw .tooManyRedirects(url: url)
    }

    static func digest(ofFile path: String) throws -> Digest {
        let hasher = SHA256Hasher()
        try FileContents.forEachChunk(atPath: path) { hasher.update($0) }
        return hasher.finalize()
    }
}
