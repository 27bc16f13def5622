import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry

struct Push: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the app (or take a layout) and push it; prints REGISTRY/REPOSITORY@DIGEST.",
        discussion: """
            Without --layout, PATH (default: .) is built exactly as 'wasmpack build' would, then pushed:
            'wasmpack push myreg.azurecr.io/app:v1' in the app folder just works.
            """
    )

    @Argument(help: "Where to push, e.g. myreg.azurecr.io/app:v1.")
    var reference: String

    @Argument(help: "App directory, spin.toml, or .wasm file to build (ignored with --layout).")
    var path: String = "."

    @Option(help: "Push this OCI image layout's image (tagged latest, or its only one) instead of building.")
    var layout: String?

    @Option(name: [.customShort("t"), .customLong("tag")], help: "Also tag the pushed manifest with TAG (repeatable).")
    var tags: [String] = []

    @Option(help: "Blobs uploaded at once.")
    var concurrency = 4

    @OptionGroup(title: "Build options")
    var build: BuildArguments

    @OptionGroup(title: "Registry options")
    var registry: RegistryArguments

    @OptionGroup(title: "Result options")
    var results: ResultArguments

    @OptionGroup(title: "Progress options")
    var progress: ProgressArguments

    @Option(help: ArgumentHelp("After the push, write Kubernetes YAML for the pushed digest to FILE (as 'wasmpack kube' prints it).", valueName: "file"))
    var kube: String?

    @OptionGroup(title: "Kubernetes options (with --kube)")
    var kubeOptions: KubeArguments

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if layout != nil && build.runsBuildCommands {
            throw ValidationError("--build builds an app, but --layout pushes an existing layout; drop one of them")
        }
    }

    func run() async throws {
        let display = progress.display(.push)
        defer { display.finish() }
        let target: Reference
        do { target = try Reference(parsing: reference) } catch { throw ValidationError(error.description) }
        for tag in tags {
            do { _ = try target.withTag(tag) } catch { throw ValidationError(error.description) }
        }
        let credentials = try registry.credentials(registry: target.registry, repository: target.repository)
        try kubeOptions.checkBeforePush(file: kube, target: try kubeOptions.runtime(build), reference: target)
        var options = PushOptions()
        options.concurrency = concurrency
        options.extraTags = tags
        let client = RegistryClient(
            registry: RegistryHost(host: target.apiHost, plainHTTP: registry.plainHTTP),
            credentials: credentials, options: registry.clientOptions())

        let source: OCILayout
        let sourceTag: String?
        var built: BuildResult?
        if let layout {
            source = OCILayout(root: layout)
            sourceTag = nil
        } else {
            let tag = target.tag ?? "latest"
            var buildOptions = try build.options(output: nil, tags: [tag])
            buildOptions.progress = display.buildEvents
            // A typo in the reference or a missing login fails now, not after the build.
            try Pusher(client: client, options: options).checkAccess(to: target)
            try build.runBuildCommands(path: path)
            try build.downloadRemoteSources(path: path, into: &buildOptions, transport: Build.transport)
            display.buildStarted()
            let result = try Builder().build(
                path: path, options: buildOptions,
                workingDirectory: FileManager.default.currentDirectoryPath)
            display.buildEnded()
            for warning in result.warnings { Output.warning(warning) }
            for note in result.notes { Output.message("note: " + note) }
            Output.message("Built \(result.layout) (\(tag))")
            source = OCILayout(root: result.layout)
            sourceTag = tag
            built = result
        }

        let pushed = try Pusher(client: client, options: options).push(
            layout: source, tag: sourceTag, to: target, progress: display.transferEvents)
        if let kube {
            try kubeOptions.writeAfterPush(
                file: kube, layout: source, tag: sourceTag, pushedTo: target, digest: pushed.digest,
                target: try kubeOptions.runtime(build), app: layout == nil ? path : nil)
        }
        try ResultWriter(arguments: results).write(CommandResult(push: pushed, to: target, layout: source.root, built: built))
    }
}

extension Push: CommandSynopsis {
    static let synopsis = "<reference> [<path>] [options]"
}
