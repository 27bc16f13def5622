import CCurl

/// The version of the libcurl wasmpack runs with, such as "7.88.1", for `wasmpack --version`.
///
/// Asked of the shared library at run time rather than taken from the headers it was built
/// against: a bug report needs the library that was loaded.
public func linkedLibcurlVersion() -> String {
    // CURLVERSION_NOW is a macro Swift does not import; `version` is in the struct since its first age.
    guard let info = curl_version_info(CURLVERSION_FIRST), let version = info.pointee.version else { return "unknown" }
    return String(cString: version)
}
