import ArgumentParser

/// `--json` and `--metadata-file` for a result that names no digest (`wasmpack tags`): the same
/// options as `ResultArguments` without `--digest-file`, which would have nothing to write.
struct ListResultArguments: ParsableArguments {
    @Flag(help: ResultArguments.jsonHelp)
    var json = false

    @Option(help: ResultArguments.metadataFileHelp)
    var metadataFile: String?

    func validate() throws {
        if let metadataFile, let problem = ResultArguments.problem(with: metadataFile) {
            throw ValidationError("--metadata-file '\(metadataFile)': \(problem)")
        }
    }
}
