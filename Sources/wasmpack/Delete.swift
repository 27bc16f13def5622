import ArgumentParser
import WasmPackOCI
import WasmPackRegistry

struct Delete: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete a manifest (or index) by digest; prints REGISTRY/REPOSITORY@DIGEST.",
        discussion: """
            The registry removes every tag that names the digest too. A tag reference is refused unless \
            --resolve, which looks the tag up first and says on stderr which digest it deletes.
            """
    )

    @Argument(help: "The image by digest, e.g. myreg.azurecr.io/app@sha256:….")
    var reference: String

    @Flag(help: "Accept a tag: resolve it to its digest and delete that.")
    var resolve = false

    @Flag(help: "Print the result as one JSON object (schema version 1).")
    var json = false

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    func run() async throws {
        let name = try RegistryArguments.reference(reference)
        if name.digest == nil && !resolve {
            throw ValidationError("'\(reference)' names no digest; delete by digest (\(name.name)@sha256:…), or add --resolve to delete what the tag names now")
        }
        let client = try registry.connectedClient(for: name)
        let store = ManifestStore(client: client, repository: name.repository)
        // HEAD first: the digest a tag names, and the media type and size for the result.
        let manifest = try store.resolve(name.tagOrDigest, reference: name.description)
        if name.digest == nil { Output.message("Deleting \(manifest.digest), which \(name) names") }
        try store.delete(manifest.digest)
        Output.message("Deleted  \(TransferProgress.short(manifest.digest))")
        if json {
            Output.result(RemoteResult.json(
                command: "delete", RemoteResult.image(reference: name, manifest: manifest) + [JSONMember(key: "deleted", value: .bool(true))]))
        } else {
            Output.result("\(name.registry)/\(name.repository)@\(manifest.digest)")
        }
    }
}

extension Delete: CommandSynopsis {
    static let synopsis = "<reference> [--resolve] [options]"
}
