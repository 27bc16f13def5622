import ArgumentParser
import WasmPackOCI
import WasmPackRegistry

/// `wasmpack tag`: named so, not `Tag`, to read apart from the tags of other commands.
struct TagCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "Give the manifest a reference names more tags in the same repository; prints REGISTRY/REPOSITORY@DIGEST.",
        discussion: "The manifest's bytes are put again under each tag: its digest stays, and no blob moves."
    )

    @Argument(help: "The image, e.g. myreg.azurecr.io/app:v1 or …@sha256:….")
    var reference: String

    @Argument(help: "The new tags.")
    var newTags: [String] = []

    @Flag(help: "Print the result as one JSON object (schema version 1).")
    var json = false

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    func run() async throws {
        let name = try RegistryArguments.reference(reference)
        guard !newTags.isEmpty else { throw ValidationError("give at least one new tag after the reference") }
        for tag in newTags {
            do { _ = try name.withTag(tag) } catch { throw ValidationError(error.description) }
        }
        let client = try registry.connectedClient(for: name)
        let manifest = try ManifestStore(client: client, repository: name.repository)
            .tag(name.tagOrDigest, reference: name.description, as: newTags)
        for tag in newTags { Output.message("Tagged   \(TransferProgress.short(manifest.descriptor.digest)) as \(tag)") }
        if json {
            Output.result(RemoteResult.json(command: "tag", RemoteResult.image(reference: name, manifest: manifest.descriptor, tags: newTags)))
        } else {
            Output.result("\(name.registry)/\(name.repository)@\(manifest.descriptor.digest)")
        }
    }
}

extension TagCommand: CommandSynopsis {
    static let synopsis = "<reference> <new-tag>... [options]"
}
