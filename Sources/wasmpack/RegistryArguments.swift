import ArgumentParser
import Foundation
import WasmPackRegistry

/// Connection and credential options shared by `push` and `pull`.
struct RegistryArguments: ParsableArguments {
    @Option(name: .shortAndLong, help: "User name (or set WASMPACK_USERNAME).")
    var username: String?

    @Flag(help: "Read the password or token from standard input.")
    var passwordStdin = false

    @Option(name: .shortAndLong, help: "Password (visible in the process list: prefer --password-stdin or WASMPACK_PASSWORD).")
    var password: String?

    @Flag(help: "Use plain HTTP for a registry that is not on loopback (loopback always uses HTTP).")
    var plainHTTP = false

    @Flag(help: "Skip TLS certificate verification (different from --plain-http).")
    var insecure = false

    @Option(help: "PEM file of CA certificates to trust (default: the system's, or SSL_CERT_FILE).")
    var caFile: String?

    @Option(help: "Further attempts after a failure that is safe to retry.")
    var retries = 3

    @Flag(name: .shortAndLong, help: "Print one line per HTTP request on stderr (never headers or secrets).")
    var verbose = false

    func validate() throws {
        if passwordStdin && password != nil { throw ValidationError("use either --password or --password-stdin, not both") }
        if (passwordStdin || password != nil) && username == nil && ProcessInfo.processInfo.environment["WASMPACK_USERNAME"] == nil {
            throw ValidationError("a password needs a user name: add --username")
        }
        if retries < 0 { throw ValidationError("--retries must be 0 or more") }
    }

    func credentials() throws -> RegistryCredentials {
        let environment = ProcessInfo.processInfo.environment
        if let username {
            if passwordStdin {
                let data = FileHandle.standardInput.readDataToEndOfFile()
                var secret = String(decoding: data, as: UTF8.self)
                while secret.hasSuffix("\n") || secret.hasSuffix("\r") { secret.removeLast() }
                guard !secret.isEmpty else { throw ValidationError("--password-stdin read an empty password") }
                return .basic(username: username, password: secret)
            }
            if let password {
                Output.warning("--password is visible to other users in the process list; prefer --password-stdin")
                return .basic(username: username, password: password)
            }
            if let secret = environment["WASMPACK_PASSWORD"] { return .basic(username: username, password: secret) }
            throw ValidationError("--username needs --password-stdin, --password or WASMPACK_PASSWORD")
        }
        if let user = environment["WASMPACK_USERNAME"], let secret = environment["WASMPACK_PASSWORD"], !user.isEmpty {
            return .basic(username: user, password: secret)
        }
        return .anonymous
    }

    func clientOptions() -> RegistryClientOptions {
        var options = RegistryClientOptions()
        options.plainHTTP = plainHTTP
        options.insecureSkipTLSVerify = insecure
        options.caFile = caFile
        options.retries = retries
        options.userAgent = "wasmpack/\(Wasmpack.version)"
        if verbose { options.log = { Output.message($0) } }
        return options
    }
}
