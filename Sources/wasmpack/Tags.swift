import ArgumentParser
import WasmPackOCI
import WasmPackRegistry

struct Tags: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a repository's tags, one per line, in the order the registry gives them.",
        discussion: "Follows the registry's pagination (Link headers) to the last page."
    )

    @Argument(help: "The repository, e.g. myreg.azurecr.io/app (no tag or digest).")
    var repository: String

    @Option(help: "Tags to ask for per page (default: the registry's choice).")
    var pageSize: Int?

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    @OptionGroup(title: "Result options")
    var results: ListResultArguments

    func validate() throws {
        if let pageSize, pageSize < 1 { throw ValidationError("--page-size must be at least 1") }
    }

    func run() async throws {
        let name = try RegistryArguments.reference(repository)
        guard name.tag == nil, name.digest == nil else {
            throw ValidationError("'\(repository)' names a tag or digest; give the repository alone (\(name.name))")
        }
        let client = try registry.connectedClient(for: name)
        let tags = try TagLister(client: client, repository: name.repository, pageSize: pageSize).tags()
        try ResultWriter(arguments: results).write(CommandResult(tags: tags, of: name))
    }
}

extension Tags: CommandSynopsis {
    static let synopsis = "<repository> [options]"
}
