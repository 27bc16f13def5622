import CArchive

/// The version of the libarchive wasmpack runs with, such as "3.6.2", for `wasmpack --version`.
///
/// Asked of the shared library at run time rather than taken from the headers it was built against.
public func linkedLibarchiveVersion() -> String {
    guard let text = archive_version_string() else { return "unknown" }
    // libarchive answers "libarchive 3.6.2"; the caller names the library itself.
    let version = String(cString: text)
    let prefix = "libarchive "
    return version.hasPrefix(prefix) ? String(version.dropFirst(prefix.count)) : version
}
