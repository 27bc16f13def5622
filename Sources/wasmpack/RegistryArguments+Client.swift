import WasmPackOCI
import WasmPackRegistry

extension RegistryArguments {
    /// A client for the registry of `reference`, with its credentials resolved in the usual order.
    func client(for reference: Reference, useFlags: Bool = true) throws -> RegistryClient {
        RegistryClient(
            registry: RegistryHost(host: reference.apiHost, plainHTTP: plainHTTP),
            credentials: try credentials(registry: reference.registry, repository: reference.repository, useFlags: useFlags),
            options: clientOptions())
    }
}
