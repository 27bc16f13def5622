import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackArchive
import WasmPackBuild
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

    @Option(help: ArgumentHelp(
        "With --extract: most bytes the app's files may take, all layers together (default: \(ExtractionLimits.defaultMaximumSize >> 30)G).",
        valueName: "size"))
    var maxExtractSize: ByteSize?

    @Option(help: ArgumentHelp(
        "With --extract: most bytes a layer may unpack to per byte of its compressed size, past \(ExtractionLimits.defaultRatioFloor >> 20)M (default: \(ExtractionLimits.defaultMaximumRatio)).",
        valueName: "ratio"))
    var maxExtractRatio: Int64?

    @Option(help: "Platform to take from an index (default: wasi/wasm, then any wasm entry).")
    var platform: String?

    @Option(help: "Blobs downloaded at once.")
    var concurrency = 4

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    @OptionGroup(title: "Result options")
    var results: ResultArguments

    @OptionGroup(title: "Progress options")
    var progress: ProgressArguments

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if let maxExtractRatio, maxExtractRatio < 1 { throw ValidationError("--max-extract-ratio must be at least 1") }
        if extract == nil && (maxExtractSize != nil || maxExtractRatio != nil) {
            throw ValidationError("--max-extract-size and --max-extract-ratio apply only with --extract DIR")
        }
    }

    func run() async throws {
        let display = progress.display(.pull)
        defer { display.finish() }
        let source: Reference
        do { source = try Reference(parsing: reference) } catch { throw ValidationError(error.description) }
        var wanted: Platform?
        if let platform { wanted = try PlatformOption.parse(platform) }
        let client = RegistryClient(
            registry: RegistryHost(host: source.apiHost, plainHTTP: registry.plainHTTP),
            credentials: try registry.credentials(registry: source.registry, repository: source.repository),
            options: registry.clientOptions())
        let directory = output ?? String(source.repository.split(separator: "/").last ?? "image")
        var puller = Puller(client: client, concurrency: concurrency)
        puller.extractors = [SpinAppExtractor()]
        if let maxExtractSize { puller.extractionLimits.maximumSize = maxExtractSize.bytes }
        if let maxExtractRatio { puller.extractionLimits.maximumRatio = maxExtractRatio }
        let result = try puller.pull(
            source, into: directory, platform: wanted, extractTo: extract, progress: display.transferEvents)
        for warning in result.warnings { Output.warning(warning) }
        Output.message("Format: \(result.format?.rawValue ?? "unknown (not image, wasm-to-oci, spin or wasm)")")
        if let extract { Output.message("Extracted \(result.extractedFiles.count) files into \(extract)") }
        try ResultWriter(arguments: results).write(CommandResult(pull: result, from: source))
    }
}

extension Pull: CommandSynopsis {
    static let synopsis = "<reference> [options]"
}
