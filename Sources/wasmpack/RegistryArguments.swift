import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackRegistry
import WasmPackPlatform

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

    @Flag(help: "Treat the registry as Azure Container Registry (automatic for *.azurecr.io; also WASMPACK_ACR=1).")
    var acr = false

    @Flag(name: .shortAndLong, help: "Print one line per HTTP request on stderr (never headers or secrets).")
    var verbose = false

    func validate() throws {
        if passwordStdin && password != nil { throw ValidationError("use either --password or --password-stdin, not both") }
        if (passwordStdin || password != nil) && username == nil {
            throw ValidationError("a password needs a user name: add --username")
        }
        if retries < 0 { throw ValidationError("--retries must be 0 or more") }
        // libcurl opens it blocking: a FIFO would hang the first request.
        if let caFile {
            var info = stat()
            guard stat(caFile, &info) == 0 else {
                throw ValidationError("--ca-file '\(caFile)': \(String(cString: strerror(errno)))")
            }
            guard info.st_mode & S_IFMT == S_IFREG else {
                throw ValidationError("--ca-file '\(caFile)' is not a regular file; pass a PEM file of CA certificates")
            }
        }
    }

    /// Step 1 of the credential order: what the flags say (nil when they say nothing).
    func flagCredentials() throws -> RegistryCredentials? {
        guard let username else { return nil }
        if passwordStdin {
            // Bounded: a password is a few hundred bytes; an ACR token a few KiB.
            let limit = 1 << 20
            let data: [UInt8]
            do { data = try FileContents.read(descriptor: 0, upTo: limit + 1) } catch {
                throw ValidationError("--password-stdin cannot read stdin: \(error.message)")
            }
            guard data.count <= limit else { throw ValidationError("--password-stdin read more than 1 MiB; pass the password alone") }
            var secret = String(decoding: data, as: UTF8.self)
            while secret.hasSuffix("\n") || secret.hasSuffix("\r") { secret.removeLast() }
            guard !secret.isEmpty else { throw ValidationError("--password-stdin read an empty password") }
            return .basic(username: username, password: secret)
        }
        if let password {
            Output.warning("--password is visible to other users in the process list; prefer --password-stdin")
            return .basic(username: username, password: password)
        }
        if let secret = ProcessInfo.processInfo.environment["WASMPACK_PASSWORD"] { return .basic(username: username, password: secret) }
        throw ValidationError("--username needs --password-stdin, --password or WASMPACK_PASSWORD")
    }

    /// The whole order: flags, WASMPACK_USERNAME/PASSWORD, Docker's config and credential helpers,
    /// containers auth.json, then Azure for ACR hosts, then anonymous. `useFlags: false` skips the
    /// flags (copy's source registry, when the flags are the destination's).
    func credentials(registry: String, repository: String, useFlags: Bool = true) throws -> RegistryCredentials {
        let environment = ProcessInfo.processInfo.environment
        let resolved: ResolvedCredentials
        if let found = try CredentialResolver(environment: environment)
            .resolve(host: registry, repository: repository, explicit: useFlags ? try flagCredentials() : nil) {
            resolved = found
        } else if ACRHost.isACR(registry, forced: acr || environment["WASMPACK_ACR"] == "1"),
                  let identity = AzureIdentity.fromEnvironment(environment) {
            resolved = ResolvedCredentials(credentials: .azure(identity), source: identity.summary)
        } else {
            resolved = ResolvedCredentials(credentials: .anonymous, source: "none (anonymous)")
        }
        if verbose { Output.message("credentials for \(registry): \(resolved.source)") }
        return resolved.credentials
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
