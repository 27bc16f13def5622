import Foundation

/// Hands a command's result to its reader: the plain line(s) or the JSON object on stdout, the
/// metadata and digest files, and GitHub Actions' output and step summary files.
///
/// Called once, after the command's work succeeded: a failed command writes none of the files.
/// The files are written before stdout, so a script that sees the result can rely on them.
struct ResultWriter {
    var arguments: ResultArguments
    var environment: [String: String] = ProcessInfo.processInfo.environment

    func write(_ result: CommandResult) throws {
        let jsonLine = result.jsonText + "\n"
        if let path = arguments.metadataFile {
            try replace(path, with: jsonLine, what: "--metadata-file")
        }
        if let path = arguments.digestFile, let digest = result.digest {
            try replace(path, with: digest.description + "\n", what: "--digest-file")
        }
        if let path = environment["GITHUB_OUTPUT"], !path.isEmpty {
            let outputs = [("digest", result.digest?.description), ("ref", result.ref)].compactMap { name, value in
                value.map { Self.outputLine(name: name, value: $0) }
            }
            if !outputs.isEmpty { try append(outputs.joined(), to: path, what: "GITHUB_OUTPUT") }
        }
        if let path = environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
            try append(Self.summary(result), to: path, what: "GITHUB_STEP_SUMMARY")
        }
        if arguments.json {
            Output.result(result.jsonText)
        } else {
            for line in result.lines { Output.result(line) }
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
        text.replacingOccurrences(of: "|", with: "\\|")
            .replacingOccurrences(of: "\r", with: " ")
            .replacingOccurrences(of: "\n", with: " ")
    }

    /// Replaces the file whole (a temporary file renamed over it): a reader never sees half of it,
    /// and a failure leaves the old one.
    private func replace(_ path: String, with text: String, what: String) throws(ResultFileError) {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ResultFileError(what: what, path: path, detail: Self.reason(error))
        }
    }

    /// Appends to a file GitHub created for the step (made if missing), keeping what is there.
    private func append(_ text: String, to path: String, what: String) throws(ResultFileError) {
        do {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CocoaError(.fileWriteUnknown)
                }
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            throw ResultFileError(what: what, path: path, detail: Self.reason(error))
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError,
           let posix = POSIXErrorCode(rawValue: Int32(underlying.code)), underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(posix.rawValue))
        }
        return (error as NSError).localizedDescription
    }
}
