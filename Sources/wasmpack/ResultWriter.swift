#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// Hands a command's result to its reader: the plain line(s) or the JSON object on stdout, the
/// metadata and digest files, and GitHub Actions' output and step summary files.
///
/// Called once, after the command's work succeeded: a failed command writes none of the files.
/// The files are written before stdout, so a script that sees the result can rely on them.
struct ResultWriter {
    var json: Bool
    var metadataFile: String?
    var digestFile: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    init(arguments: ResultArguments) {
        json = arguments.json
        metadataFile = arguments.metadataFile
        digestFile = arguments.digestFile
    }

    init(arguments: ListResultArguments) {
        json = arguments.json
        metadataFile = arguments.metadataFile
    }

    func write(_ result: CommandResult) throws {
        try record(result)
        if json {
            Output.result(result.jsonText)
        } else {
            for line in result.lines { Output.result(line) }
        }
    }

    /// The files alone, for a command whose stdout is not the result (`inspect --raw`).
    func record(_ result: CommandResult) throws {
        let jsonLine = result.jsonText + "\n"
        if let path = metadataFile {
            try replace(path, with: jsonLine, what: "--metadata-file")
        }
        let digest = result.recordedDigest
        if let path = digestFile, let digest {
            try replace(path, with: digest.description + "\n", what: "--digest-file")
        }
        if let path = environment["GITHUB_OUTPUT"], !path.isEmpty {
            let outputs = [("digest", digest?.description), ("ref", result.ref)].compactMap { name, value in
                value.map { Self.outputLine(name: name, value: $0) }
            }
            if !outputs.isEmpty { try append(outputs.joined(), to: path, what: "GITHUB_OUTPUT") }
        }
        if result.summarised, let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            try append(Self.summary(result), to: path, what: "GITHUB_STEP_SUMMARY")
        }
    }

    /// `name=value`. GitHub's multi-line form (`name<<DELIMITER`) is not needed: a digest and a
    /// `registry/repository@digest` cannot hold a line break (both are grammar-checked).
    static func outputLine(name: String, value: String) -> String {
        "\(name)=\(value)\n"
    }

    /// A short Markdown table for the job's summary page: what was produced, where, how big.
    static func summary(_ result: CommandResult) -> String {
        let name = result.reference ?? result.repository ?? result.layout ?? "-"
        let digest = result.digest.map { "`\($0)`" } ?? "-"
        // The content's size: manifest and blobs, which is what a pull moves.
        let size = result.size.map { manifest in
            Inspect.byteCount(manifest + (result.blobs ?? []).reduce(0) { $0 + $1.descriptor.size })
        } ?? "-"
        let tags = result.tags.map { $0.isEmpty ? "-" : $0.map { "`\($0)`" }.joined(separator: ", ") } ?? "-"
        var blobs = "-"
        if let list = result.blobs {
            let counts = CommandResult.Blob.Outcome.allCases.compactMap { outcome -> String? in
                let count = list.filter { $0.outcome == outcome }.count
                return count == 0 ? nil : "\(count) \(outcome.rawValue)"
            }
            blobs = counts.isEmpty ? "0" : "\(list.count) (\(counts.joined(separator: ", ")))"
        }
        let cells = [name, digest, size, tags, blobs].map(cell)
        return """

            ### wasmpack \(result.command)

            | Reference | Digest | Size | Tags | Blobs |
            | --- | --- | --- | --- | --- |
            | \(cells.joined(separator: " | ")) |

            """
    }

    /// Table cells hold one line and no column separator.
    private static func cell(_ text: String) -> String {
        // By scalar: "\r\n" is one Character, which a Character-level replace of "\n" would miss.
        var cell = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "|": cell += "\\|"
            case "\r", "\n": cell += " "
            default: cell.unicodeScalars.append(scalar)
            }
        }
        return cell
    }

    /// Replaces the file whole (a temporary file renamed over it): a reader never sees half of it,
    /// and a failure leaves the old one.
    private func replace(_ path: String, with text: String, what: String) throws(ResultFileError) {
        do { try FileContents.replace(atPath: path, with: Array(text.utf8)) } catch {
            throw ResultFileError(what: what, path: path, detail: error.message)
        }
    }

    /// Appends to a file GitHub created for the step (made if missing), keeping what is there.
    private func append(_ text: String, to path: String, what: String) throws(ResultFileError) {
        do { try FileContents.append(Array(text.utf8), toPath: path) } catch {
            throw ResultFileError(what: what, path: path, detail: error.message)
        }
    }
}
