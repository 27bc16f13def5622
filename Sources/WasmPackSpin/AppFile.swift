/// One local file the app needs, addressed the way the image lays it out: at `relativePath` from `/`.
public struct AppFile: Sendable, Hashable {
    /// Path from the manifest directory, with forward slashes and no `./` (`bin/hello.wasm`).
    public let relativePath: String
    /// The file to read: `rootDirectory/relativePath`, or a symlink's resolved target inside the app.
    public let absolutePath: String
    /// Where Spin mounts the file for a `files` entry (`/static/a.txt`); nil for component sources.
    public let destination: String?

    public init(relativePath: String, absolutePath: String, destination: String? = nil) {
        self.relativePath = relativePath
        self.absolutePath = absolutePath
        self.destination = destination
    }

    /// The same file mounted at `destination`.
    func mounted(at destination: String) -> AppFile {
        AppFile(relativePath: relativePath, absolutePath: absolutePath, destination: destination)
    }
}
