import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackOCI
import WasmPackRegistry
import WasmPackPlatform

struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check credentials against a registry, then store them where docker and skopeo read them.",
        discussion: """
            Stored through Docker's credential helper when one is configured, otherwise in Docker's
            config.json ($DOCKER_CONFIG or ~/.docker, mode 0600). When the registry's token service
            issues a refresh token, that is stored instead of the password, as docker does.
            """
    )

    @Argument(help: "Registry host, e.g. myreg.azurecr.io or localhost:5000.")
    var registry: String

    @OptionGroup(title: "Registry options")
    var options: RegistryArguments

    func run() async throws {
        let host = try Self.host(registry)
        let (username, password) = try collectCredentials()
        let client = RegistryClient(
            registry: RegistryHost(host: Self.apiHost(host), plainHTTP: options.plainHTTP),
            credentials: .basic(username: username, password: password), options: options.clientOptions())
        let refreshToken = try client.verifyCredentials()
        let saved = try CredentialStore(environment: ProcessInfo.processInfo.environment).save(
            host: host, username: username, password: refreshToken == nil ? password : nil, identityToken: refreshToken)
        switch saved {
        case .helper(let helper): Output.message("Login succeeded; stored with docker-credential-\(helper)")
        case .configFile(let path): Output.message("Login succeeded; stored in \(path)")
        }
    }

    private func collectCredentials() throws -> (String, String) {
        let interactive = SystemCall.isTerminal(STDIN_FILENO)
        var username = options.username
        if username == nil {
            guard interactive else {
                throw ValidationError("no terminal to ask for a user name: pass --username with --password-stdin")
            }
            FileHandleStderr.write("Username: ")
            username = readLine().map { line in
                var name = Substring(line)
                while name.first == " " || name.first == "\t" { name.removeFirst() }
                while name.last == " " || name.last == "\t" { name.removeLast() }
                return String(name)
            }
        }
        guard let username, !username.isEmpty else { throw ValidationError("an empty user name was given") }
        if options.passwordStdin || options.password != nil {
            guard case .basic(_, let password)? = try options.flagCredentials() else {
                throw ValidationError("no password was given")
            }
            return (username, password)
        }
        guard interactive else {
            throw ValidationError("no terminal to ask for the password: pass --password-stdin")
        }
        guard let pointer = getpass("Password: ") else { throw ValidationError("no password was given") }
        let password = String(cString: pointer)
        guard !password.isEmpty else { throw ValidationError("an empty password was given") }
        return (username, password)
    }

    /// `myreg.io`, `myreg.io:5000`, `[::1]:5000`; a scheme or path is dropped as docker does.
    static func host(_ text: String) throws -> String {
        var host = text
        for prefix in ["https://", "http://"] where host.hasPrefix(prefix) { host.removeFirst(prefix.count) }
        if let slash = host.firstIndex(of: "/") { host = String(host[..<slash]) }
        if ["index.docker.io", "registry-1.docker.io"].contains(host) { host = Reference.dockerHub }
        do {
            _ = try Reference(parsing: host + "/probe")
        } catch {
            throw ValidationError("'\(text)' is not a registry host; use a form like myreg.azurecr.io or localhost:5000")
        }
        guard host.contains(".") || host.contains(":") || host == "localhost" else {
            throw ValidationError("'\(text)' is not a registry host; use a form like myreg.azurecr.io or localhost:5000")
        }
        return host
    }

    static func apiHost(_ host: String) -> String { host == Reference.dockerHub ? Reference.dockerHubAPIHost : host }
}

struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Remove stored credentials for a registry.")

    @Argument(help: "Registry host, e.g. myreg.azurecr.io.")
    var registry: String

    func run() async throws {
        let host = try Login.host(registry)
        switch try CredentialStore(environment: ProcessInfo.processInfo.environment).remove(host: host) {
        case .helper(let helper)?: Output.message("Removed the credentials for \(host) from docker-credential-\(helper)")
        case .configFile(let path)?: Output.message("Removed the credentials for \(host) from \(path)")
        case nil: Output.message("Not logged in to \(host)")
        }
    }
}

extension Login: CommandSynopsis {
    static let synopsis = "<registry> [options]"
}

extension Logout: CommandSynopsis {
    static let synopsis = "<registry>"
}
