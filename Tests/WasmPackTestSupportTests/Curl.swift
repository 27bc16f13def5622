import Foundation
import WasmPackTestSupport

/// The curl CLI as an independent client: if curl can use a service, the service is right.
struct Curl {
    struct Response {
        var exitCode: Int32
        var status: Int
        /// Header names lowercased; of a repeated header, the last one.
        var headers: [String: String]
        var body: Data
        var errorOutput: String

        var text: String { String(decoding: body, as: UTF8.self) }

        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        }
    }

    static let executable = "/usr/bin/curl"

    static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["WASMPACK_REQUIRE_PEERS"] == "1"
            || FileManager.default.isExecutableFile(atPath: executable)
    }

    /// Runs `curl ARGUMENTS` and returns the last response (after any 100 Continue).
    static func run(_ arguments: [String], input: Data? = nil) throws -> Response {
        let directory = try TestScratch.folder("curl")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let headerFile = directory + "/headers"
        let bodyFile = directory + "/body"
        let result = try ExternalCommand.run(executable, [
            "--silent", "--show-error", "--noproxy", "*", "--dump-header", headerFile, "--output", bodyFile,
            "--write-out", "%{http_code}",
        ] + arguments, input: input)

        var headers: [String: String] = [:]
        let headerText = (try? String(contentsOfFile: headerFile, encoding: .utf8)) ?? ""
        for line in headerText.components(separatedBy: "\r\n") {
            if line.hasPrefix("HTTP/") {
                headers = [:]
            } else if let colon = line.firstIndex(of: ":") {
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return Response(
            exitCode: result.status, status: Int(result.text) ?? 0, headers: headers,
            body: FileManager.default.contents(atPath: bodyFile) ?? Data(), errorOutput: result.errorOutput)
    }

    /// The sha256 digest of `data` ("sha256:…"), from coreutils rather than code under test.
    static func digest(of data: Data) throws -> String {
        let output = try ExternalCommand.run("/usr/bin/sha256sum", [], input: data).text
        return "sha256:" + output.prefix(64)
    }

    /// Pushes a blob the two-step way every registry takes: POST opens an upload session, PUT
    /// `?digest=` closes it with the whole body (distribution 2.8 ignores a body on the POST).
    static func pushBlob(_ data: Data, repository: String, to baseURL: String, auth: [String] = []) throws -> (digest: String, start: Response, put: Response) {
        let digest = try digest(of: data)
        let start = try run(auth + ["-X", "POST", "\(baseURL)/v2/\(repository)/blobs/uploads/"])
        var location = start.headers["location"] ?? ""
        if location.hasPrefix("/") { location = baseURL + location }
        let put = try run(auth + [
            "-X", "PUT", "-H", "Content-Type: application/octet-stream", "--data-binary", "@-",
            location + (location.contains("?") ? "&" : "?") + "digest=" + digest,
        ], input: data)
        return (digest, start, put)
    }

    static func putManifest(_ manifest: Data, repository: String, reference: String, to baseURL: String, auth: [String] = []) throws -> Response {
        try run(auth + [
            "-X", "PUT", "-H", "Content-Type: application/vnd.oci.image.manifest.v1+json", "--data-binary", "@-",
            "\(baseURL)/v2/\(repository)/manifests/\(reference)",
        ], input: manifest)
    }
}
