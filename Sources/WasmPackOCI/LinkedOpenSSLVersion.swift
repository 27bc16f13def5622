import CCrypto

/// The version of the OpenSSL libcrypto wasmpack runs with, such as "3.0.17", for `wasmpack --version`.
///
/// Asked of the shared library at run time rather than taken from the headers it was built against.
public func linkedOpenSSLVersion() -> String {
    guard let version = OpenSSL_version(OPENSSL_VERSION_STRING) else { return "unknown" }
    return String(cString: version)
}
