import ArgumentParser
import Foundation
import WasmPackOCI
import WasmPackRegistry

struct Pull: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pull an image into an OCI image layout; prints REGISTRY/REPOSITORY@DIGEST."
    )

    @Argument(help: "What to pull, e.g. myreg.azurecr.io/app:v1 or …@sha256:….")
    var reference: String

    @Option(name: .shortAndLong, help: "Output OCI image layout directory (default: named after the repository).")
    var output: String?

    @Option(help: "Also write the app's files into DIR (layers unpacked; a wasm artifact as its module file).")
    var extract: String?

    @Option(help: "Platform to take from an index (default: wasi/wasm, then any wasm entry).")
    var platform: String?

    @Option(help: "Blobs downloaded at once.")
    var concurrency = 4

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    func run() async throws {
        let source: Reference
        do { source = try Reference(parsing: reference) } catch { throw ValidationError(error.description) }
        var wanted: Platform?
        if let platform {
            do { wanted = try Platform(parsing: platform) } catch { throw ValidationError(error.description) }
        }
        let client = RegistryClient(
            registry: RegistryHost(host: source.apiHost, plainHTTP: registry.plainHTTP),
            credentials: try registry.credentials(registry: source.registry, repository: source.repository),
            options: registry.clientOptions())
        let directory = output ?? String(source.repository.split(separator: "/").last ?? "image")
        let result = try Puller(client: client, concurrency: max(1, concurrency)).pull(
            source, into: directory, platform: wanted, extractTo: extract, progress: TransferProgress.report)
        if let extract { Output.message("Extracted \(result.extractedFiles.count) files into \(extract)") }
        Output.result("\(source.registry)/\(source.repository)@\(result.digest)")
    }
}

extension Pull: CommandSynopsis {
    static let synopsis = "<reference> [options]"
}
