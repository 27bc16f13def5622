import ArgumentParser
import Foundation

/// How a command hands its result to scripts and CI: `--json` on stdout, and files written only
/// after the command succeeded (a failure leaves existing ones as they were).
struct ResultArguments: ParsableArguments {
    @Flag(help: "Print the result as one JSON object (schema version 1; see the README) instead of the plain line.")
    var json = false

    @Option(help: ArgumentHelp(
        "Also write the JSON result to FILE, replacing it whole (as docker buildx --metadata-file).", valueName: "file"))
    var metadataFile: String?

    @Option(help: ArgumentHelp("Also write the manifest digest (sha256:…) to FILE, replacing it whole.", valueName: "file"))
    var digestFile: String?

    /// Refused before any work starts: an unwritable destination would otherwise only show after
    /// a whole build and push.
    func validate() throws {
        for (option, path) in [("--metadata-file", metadataFile), ("--digest-file", digestFile)] {
            guard let path else { continue }
            if let problem = Self.problem(with: path) { throw ValidationError("\(option) '\(path)': \(problem)") }
        }
        if let metadataFile, metadataFile == digestFile {
            throw ValidationError("--metadata-file and --digest-file both name '\(metadataFile)'; give each its own file")
        }
    }

    /// Why `path` cannot take a result file, or nil.
    private static func problem(with path: String) -> String? {
        if path.isEmpty { return "is empty; name a file" }
        if path.hasSuffix("/") { return "names a folder; name a file in it" }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "is a folder; name a file in it"
        }
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "folder '\(folder)' does not exist; create it first"
        }
        return nil
    }
}
