/// The `config.yml` of a CNCF distribution 2.8 registry for one test.
// https://distribution.github.io/distribution/about/configuration/
struct RegistryConfiguration {
    enum Auth {
        case htpasswd(realm: String, path: String)
        case token(realm: String, service: String, issuer: String, rootCertBundle: String)
    }

    var rootDirectory: String
    var secret: String
    var auth: Auth?
    var tls: (certificate: String, key: String)?
    var deletesEnabled = true

    var yaml: String {
        // http.addr is a placeholder: the supervisor passes the real port in REGISTRY_HTTP_ADDR.
        var lines = [
            "version: 0.1",
            "log:",
            "  level: info",
            "storage:",
            "  filesystem:",
            "    rootdirectory: \(quoted(rootDirectory))",
            "  delete:",
            "    enabled: \(deletesEnabled)",
            "  maintenance:",
            "    uploadpurging:",
            "      enabled: false",
            "http:",
            "  addr: \"127.0.0.1:0\"",
            "  secret: \(quoted(secret))",
        ]
        if let tls {
            lines += ["  tls:", "    certificate: \(quoted(tls.certificate))", "    key: \(quoted(tls.key))"]
        }
        switch auth {
        case nil:
            break
        case .htpasswd(let realm, let path):
            lines += ["auth:", "  htpasswd:", "    realm: \(quoted(realm))", "    path: \(quoted(path))"]
        case .token(let realm, let service, let issuer, let rootCertBundle):
            lines += [
                "auth:", "  token:", "    realm: \(quoted(realm))", "    service: \(quoted(service))",
                "    issuer: \(quoted(issuer))", "    rootcertbundle: \(quoted(rootCertBundle))",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func quoted(_ value: String) -> String {
        "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
