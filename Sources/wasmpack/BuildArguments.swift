import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackBuild
import WasmPackOCI
import WasmPackRegistry

extension BuildFormat: ExpressibleByArgument {}

/// What `build` and `push` (which builds first) both accept.
struct BuildArguments: ParsableArguments {
    @Option(help: RuntimeTarget.optionHelp)
    var target: String?

    @Option(help: "Output format: image (FROM scratch image for the target's shim), spin (what 'spin registry push' publishes; spinkube and spin-shim-v2 run it) or wasm-to-oci.")
    var format: BuildFormat?

    @Option(help: "Image platform OS/ARCH, e.g. wasi/wasm (default), wasip1/wasm, linux/amd64.")
    var platform: String?

    @Option(name: .customLong("annotation"), help: "Manifest annotation KEY=VALUE (repeatable).")
    var annotations: [String] = []

    @Option(help: "For wasm-to-oci: the component whose module to package. With --build: the only component to build.")
    var component: String?

    @Option(help: "For targets that pack one module (slight, lunatic): the .wasm file, when the folder has several.")
    var module: String?

    @Option(help: "For targets whose runtime reads the image Entrypoint (lunatic): the module's path in the image, e.g. /app.wasm.")
    var entrypoint: String?

    @Flag(help: "For Spin targets: pack spin.toml byte for byte and every file at its manifest-relative path (as a Dockerfile COPY would), instead of repacking files the shim cannot mount (globs, single files, exclude_files) under one directory mount.")
    var keepManifest = false

    @Flag(name: .customLong("build"), help: "First run each component's build command ([component.<id>.build] in spin.toml) in its workdir, like 'spin build'; its output goes to stderr.")
    var runsBuildCommands = false

    /// `--build`: the app's build commands, before anything is read for packing, so a failed
    /// command leaves the output layout untouched.
    func runBuildCommands(path: String) throws {
        guard runsBuildCommands else { return }
        try BuildCommandRunner(outputDescriptor: 2, note: { Output.message($0) })
            .run(path: path, component: component, workingDirectory: FileManager.default.currentDirectoryPath)
    }

    @Flag(help: "For --format spin: put each component's files in one tar+gzip layer instead of a layer per file (as Spin does with SPIN_OCI_ARCHIVE_LAYERS, and by itself above 499 layers).")
    var archiveLayers = false

    @Flag(help: "For --format spin: never download { url, digest } component sources (the build then fails on them). Always the case when CI=true.")
    var noRemote = false

    /// `--format spin` packs `{ url, digest }` sources as Spin does: download each (verified by its
    /// digest, cached under ~/.cache/wasmpack/sources) before the build, which reads only files.
    /// Skipped with --no-remote and whenever CI=true, so CI builds never reach the network for them.
    func downloadRemoteSources(path: String, into options: inout BuildOptions, transport: TransportConfiguration) throws {
        guard options.format == .spin, !noRemote, ProcessInfo.processInfo.environment["CI"] != "true" else { return }
        let sources = RemoteSource.of(path: path, workingDirectory: FileManager.default.currentDirectoryPath)
        guard !sources.isEmpty else { return }
        let downloader = SourceDownloader(cacheDirectory: SourceDownloader.defaultCacheDirectory(), configuration: transport)
        for source in sources {
            let digest: Digest
            do { digest = try Digest(parsing: source.digest) } catch { continue }  // the build names the bad digest
            Output.message("Fetching \(source.url)")
            options.downloadedSources[source.digest] = try downloader.file(url: source.url, digest: digest)
        }
    }

    @Flag(help: "Report failed runtime checks (imports, non-wasm sources, manifest keys, mounts kept by --keep-manifest) as warnings instead of errors.")
    var skipChecks = false

    /// Options that would otherwise be silently ignored are usage errors, found before any build
    /// command runs or any registry is contacted.
    func validate() throws {
        let packed = format ?? .image
        if let platform {
            _ = try PlatformOption.parse(platform, warn: false)
            // The other formats name their platform themselves (wasm-to-oci none, wasm the
            // module's WASI level, spin wasip1/wasm).
            guard packed == .image else {
                throw ValidationError("--platform sets the platform of --format image; --format \(packed.rawValue) does not use it: drop --platform")
            }
        }
        if component != nil, !runsBuildCommands, packed == .image || packed == .spin {
            throw ValidationError(
                "--component picks the module of --format wasm-to-oci or wasm (or the one component --build builds); --format \(packed.rawValue) packs every component: drop --component or change --format")
        }
    }

    func options(output: String?, tags: [String]) throws -> BuildOptions {
        var options = BuildOptions(
            format: format ?? .image, output: output, component: component, module: module, entrypoint: entrypoint,
            skipChecks: skipChecks, keepManifest: keepManifest)
        if archiveLayers {
            guard options.format == .spin else { throw ValidationError("--archive-layers only applies to --format spin; drop it or add --format spin") }
            options.archiveLayers = true
        }
        if let target { options.target = try RuntimeTarget.named(option: target) }
        if !tags.isEmpty { options.tags = tags }
        if let platform { options.platform = try PlatformOption.parse(platform) }
        for annotation in annotations {
            guard let equals = annotation.firstIndex(of: "="), equals != annotation.startIndex else {
                throw ValidationError("invalid --annotation '\(annotation)': expected KEY=VALUE")
            }
            options.annotations[String(annotation[..<equals])] = String(annotation[annotation.index(after: equals)...])
        }
        // Contradictions between the target and the other options are usage errors.
        do { _ = try RuntimeTarget.resolve(options) } catch { throw ValidationError(error.description) }
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch), seconds >= 0 else {
                throw ValidationError("SOURCE_DATE_EPOCH='\(epoch)' is not a whole number of seconds since 1970; fix or unset it")
            }
            options.sourceDateEpoch = seconds
        }
        return options
    }
}
