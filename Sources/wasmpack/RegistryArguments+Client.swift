import ArgumentParser
import WasmPackOCI
import WasmPackRegistry

extension RegistryArguments {
    /// `text` as a reference; a bad one is a usage error (exit 64), prefixed by `role` when given.
    static func reference(_ text: String, role: String? = nil) throws -> Reference {
        do { return try Reference(parsing: text) } catch {
            throw ValidationError((role.map { "\($0): " } ?? "") + error.description)
        }
    }

    /// A client for the registry of `reference` that has checked the registry answers (and how it
    /// authenticates), for the commands that then make one or two requests.
    func connectedClient(for reference: Reference) throws -> RegistryClient {
        let client = try client(for: reference)
        try client.ping()
        return client
    }

    /// The manifests of the repository of `reference`, through a connected client: what digest,
    /// tag and delete work on.
    func manifestStore(for reference: Reference) throws -> ManifestStore {
        ManifestStore(client: try connectedClient(for: reference), repository: reference.repository)
    }

    /// A client for the registry of `reference`, with its credentials resolved in the usual order.
    func client(for reference: Reference, useFlags: Bool = true) throws -> RegistryClient {
        RegistryClient(
            registry: RegistryHost(host: reference.apiHost, plainHTTP: plainHTTP),
            credentials: try credentials(registry: reference.registry, repository: reference.repository, useFlags: useFlags),
            options: clientOptions())
    }
}
