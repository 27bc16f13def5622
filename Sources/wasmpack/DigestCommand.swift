import ArgumentParser
import WasmPackOCI
import WasmPackRegistry

/// `wasmpack digest`: named so, not `Digest`, which is the OCI type.
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Print the digest of the manifest (or index) a reference names, and nothing else.",
        discussion: "Asks with HEAD; falls back to GET when the registry's answer carries no Docker-Content-Digest."
    )

    @Argument(help: "The image, e.g. myreg.azurecr.io/app:v1.")
    var reference: String

    @Flag(help: "Print the result as one JSON object (schema version 1).")
    var json = false

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    func run() async throws {
        let name = try RegistryArguments.reference(reference)
        let client = try registry.connectedClient(for: name)
        let manifest = try ManifestStore(client: client, repository: name.repository).resolve(name.tagOrDigest, reference: name.description)
        if json {
            Output.result(RemoteResult.json(command: "digest", RemoteResult.image(reference: name, manifest: manifest)))
        } else {
            Output.result(manifest.digest.description)
        }
    }
}

extension DigestCommand: CommandSynopsis {
    static let synopsis = "<reference> [options]"
}
