import Foundation

/// A throwaway CA and a registry certificate it signed, valid for 127.0.0.1 and localhost, made
/// with the openssl CLI. P-256 keys: generating them costs milliseconds, RSA costs a good part of a second.
struct TestCertificateAuthority {
    static let openssl = "/usr/bin/openssl"

    /// PEM of the CA certificate: what clients trust (`curl --cacert`).
    let caFile: String
    /// PEM of the server certificate and its key: what the registry serves.
    let certificateFile: String
    let keyFile: String

    init(in directory: WorkDirectory) throws {
        caFile = directory.file("ca.pem")
        certificateFile = directory.file("registry.pem")
        keyFile = directory.file("registry.key")
        let caKey = directory.file("ca.key")
        let request = directory.file("registry.csr")
        let extensions = try directory.write("registry.ext", """
            basicConstraints=critical,CA:FALSE
            keyUsage=critical,digitalSignature
            extendedKeyUsage=serverAuth
            subjectAltName=IP:127.0.0.1,DNS:localhost
            authorityKeyIdentifier=keyid

            """)
        let p256 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]

        try ExternalCommand.check(Self.openssl, ["req", "-x509"] + p256 + [
            "-keyout", caKey, "-out", caFile, "-days", "2", "-subj", "/CN=wasmpack test CA",
            "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        ])
        try ExternalCommand.check(Self.openssl, ["req", "-new"] + p256 + [
            "-keyout", keyFile, "-out", request, "-subj", "/CN=localhost",
        ])
        let serial = "0x" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16)
        try ExternalCommand.check(Self.openssl, [
            "x509", "-req", "-in", request, "-CA", caFile, "-CAkey", caKey, "-set_serial", serial,
            "-days", "2", "-extfile", extensions, "-out", certificateFile,
        ])
    }
}
