import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackBuild
import WasmPackRegistry

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build an app into an OCI image layout and print the manifest digest.",
        discussion: """
            PATH is an app directory (default: .), a spin.toml, or with --format wasm-to-oci a single .wasm.
            The layout goes to .wasmpack/ beside the spin.toml unless -o says otherwise.
            Builds are reproducible: timestamps come only from SOURCE_DATE_EPOCH.
            Before anything is written, each packed wasm is checked against the target's runtime (module or component, imports, HTTP handler) and the manifest's keys against its Spin; a failure is an error naming the file and target (--skip-checks: a warning).
            For Spin targets, a component's files the shim cannot mount (globs, single files, exclude_files) are packed under /.wasmpack/files/<component> and mounted as one directory in the image's spin.toml, with a note per component; --keep-manifest packs spin.toml and the files as written and checks those mounts instead.
            """
    )

    @Argument(help: "App directory, spin.toml, or .wasm file.")
    var path: String = "."

    @Option(name: .shortAndLong, help: "Output OCI image layout directory.")
    var output: String?

    @Option(name: [.customShort("t"), .customLong("tag")], help: "Tag in the layout (repeatable; default: latest).")
    var tags: [String] = []

    @OptionGroup(title: "Build options")
    var build: BuildArguments

    @OptionGroup(title: "Result options")
    var results: ResultArguments

    @OptionGroup(title: "Progress options")
    var progress: ProgressArguments

    func run() async throws {
        let display = progress.display(.build)
        defer { display.finish() }
        var options = try build.options(output: output, tags: tags)
        options.progress = display.buildEvents
        try build.runBuildCommands(path: path)
        try build.downloadRemoteSources(path: path, into: &options, transport: Self.transport)
        display.buildStarted()
        let result = try Builder().build(
            path: path, options: options, workingDirectory: FileManager.default.currentDirectoryPath)
        display.buildEnded()
        for warning in result.warnings { Output.warning(warning) }
        for note in result.notes { Output.message("note: " + note) }
        Output.message("Built \(result.layout) (\(result.tags.joined(separator: ", ")))")
        try ResultWriter(arguments: results).write(CommandResult(build: result))
    }
}

extension Build {
    /// For downloading `{ url, digest }` sources (`--format spin`); no registry is involved.
    static var transport: TransportConfiguration {
        TransportConfiguration(userAgent: "wasmpack/\(Wasmpack.version)")
    }
}

extension Build: CommandSynopsis {
    static let synopsis = "[<path>] [options]"
}
