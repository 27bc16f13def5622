import CCurl

/// The libcurl version string; the registry client (next issue) is built on this library.
public func curlVersion() -> String { String(cString: curl_version()) }
