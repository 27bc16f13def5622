import ArgumentParser
import WasmPackOCI
import WasmPackRegistry

struct Copy: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy an image between repositories or registries, blob by blob; prints REGISTRY/REPOSITORY@DIGEST of the copy.",
        discussion: """
            Blobs stream from SOURCE to DESTINATION without touching the disk, checked against their \
            digests on the way; blobs DESTINATION has are skipped, and on one registry they are mounted. \
            The manifest keeps its bytes and digest (an index: each manifest first); tags go last. \
            DESTINATION's tag is its own, else SOURCE's. --username/--password-stdin are DESTINATION's \
            credentials (and SOURCE's on the same registry); otherwise SOURCE's come from \
            WASMPACK_USERNAME/WASMPACK_PASSWORD, Docker's config or 'wasmpack login'.
            """
    )

    @Argument(help: "What to copy, e.g. ghcr.io/me/app:v1.")
    var source: String

    @Argument(help: "Where to, e.g. myreg.azurecr.io/app:v1.")
    var destination: String

    @Option(name: [.customShort("t"), .customLong("tag")], help: "Also tag the copy with TAG (repeatable).")
    var tags: [String] = []

    @Option(help: "Blobs copied at once.")
    var concurrency = 4

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    @OptionGroup(title: "Result options")
    var results: ResultArguments

    @OptionGroup(title: "Progress options")
    var progress: ProgressArguments

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
    }

    func run() async throws {
        let display = progress.display(.copy)
        defer { display.finish() }
        let from = try RegistryArguments.reference(source, role: "source")
        let to = try RegistryArguments.reference(destination, role: "destination")
        for tag in tags {
            do { _ = try to.withTag(tag) } catch { throw ValidationError(error.description) }
        }
        let destinationClient = try registry.client(for: to)
        // One registry: one client, so one set of credentials and tokens serve both sides.
        let sourceClient = from.apiHost == to.apiHost ? destinationClient : try registry.client(for: from, useFlags: false)
        var options = PushOptions()
        options.concurrency = concurrency
        options.extraTags = tags
        let result = try ImageCopier(source: sourceClient, destination: destinationClient, options: options)
            .copy(from: from, to: to, progress: display.transferEvents)
        try ResultWriter(arguments: results).write(CommandResult(copy: result, from: from, to: to))
    }
}

extension Copy: CommandSynopsis {
    static let synopsis = "<source> <destination> [-t <tag>]... [options]"
}
