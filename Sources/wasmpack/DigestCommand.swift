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

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    @OptionGroup(title: "Result options")
    var results: ResultArguments

    func run() async throws {
        let name = try RegistryArguments.reference(reference)
        let manifest = try registry.manifestStore(for: name).resolve(name.tagOrDigest, reference: name.description)
        try ResultWriter(arguments: results).write(CommandResult(digest: manifest, of: name))
    }
}

extension DigestCommand: CommandSynopsis {
    static let synopsis = "<reference> [options]"
}
