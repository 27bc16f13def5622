/// A result file that could not be written after the command's work succeeded.
struct ResultFileError: Error, CustomStringConvertible {
    /// What the file is for: "--metadata-file", "--digest-file", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY".
    var what: String
    var path: String
    var detail: String

    var description: String {
        "could not write \(what) '\(path)': \(detail) (the command itself succeeded; its result is not recorded there)"
    }
}
