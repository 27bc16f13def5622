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

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    @OptionGroup(title: "Result options")
    var results: ResultArguments

    func run() async throws {
        let name = try RegistryArguments.reference(reference)
        guard !newTags.isEmpty else { throw ValidationError("give at least one new tag after the reference") }
        for tag in newTags {
            do { _ = try name.withTag(tag) } catch { throw ValidationError(error.description) }
        }
        let store = try registry.manifestStore(for: name)
        let manifest = try store.tag(name.tagOrDigest, reference: name.description, as: newTags)
        for tag in newTags { Output.message("Tagged   \(TransferProgress.short(manifest.descriptor.digest)) as \(tag)") }
        try ResultWriter(arguments: results).write(CommandResult(tagged: manifest.descriptor, name, as: newTags))
    }
}

extension TagCommand: CommandSynopsis {
    static let synopsis = "<reference> <new-tag>... [options]"
}
