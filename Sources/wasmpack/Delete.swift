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

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    @OptionGroup(title: "Result options")
    var results: ResultArguments

    func run() async throws {
        let name = try RegistryArguments.reference(reference)
        if name.digest == nil && !resolve {
            throw ValidationError("'\(reference)' names no digest; delete by digest (\(name.name)@sha256:…), or add --resolve to delete what the tag names now")
        }
        let store = try registry.manifestStore(for: name)
        // HEAD first: the digest a tag names, and the media type and size for the result.
        let manifest = try store.resolve(name.tagOrDigest, reference: name.description)
        if name.digest == nil { Output.message("Deleting \(manifest.digest), which \(name) names") }
        try store.delete(manifest.digest)
        Output.message("Deleted  \(TransferProgress.short(manifest.digest))")
        try ResultWriter(arguments: results).write(CommandResult(deleted: manifest, name))
    }
}

extension Delete: CommandSynopsis {
    static let synopsis = "<reference> [--resolve] [options]"
}
