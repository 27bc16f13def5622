import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// How a command hands its result to scripts and CI: `--json` on stdout, and files written only
/// after the command succeeded (a failure leaves existing ones as they were).
struct ResultArguments: ParsableArguments {
    @Flag(help: jsonHelp)
    var json = false

    @Option(help: metadataFileHelp)
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

    static let jsonHelp = ArgumentHelp("Print the result as one JSON object (schema version 1; see the README) instead of the plain line.")
    static let metadataFileHelp = ArgumentHelp(
        "Also write the JSON result to FILE, replacing it whole (as docker buildx --metadata-file).", valueName: "file")

    /// Why `path` cannot take a result file, or nil.
    static func problem(with path: String) -> String? {
        if path.isEmpty { return "is empty; name a file" }
        if path.hasSuffix("/") { return "names a folder; name a file in it" }
        if FileKind(atPath: path) == .directory {
            return "is a folder; name a file in it"
        }
        // Not NSString.deletingLastPathComponent: corelibs Foundation traps on a one-letter name ("d").
        let folder = path.lastIndex(of: "/").map { slash in slash == path.startIndex ? "/" : String(path[..<slash]) } ?? "."
        guard FileKind(atPath: folder) == .directory else {
            return "folder '\(folder)' does not exist; create it first"
        }
        return nil
    }
}
