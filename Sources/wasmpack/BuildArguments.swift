import ArgumentParser
import Foundation
import WasmPackBuild
import WasmPackOCI

extension BuildFormat: ExpressibleByArgument {}

/// What `build` and `push` (which builds first) both accept.
struct BuildArguments: ParsableArguments {
    @Option(help: "Output format: image (FROM scratch image for the containerd Spin shim) or wasm-to-oci.")
    var format: BuildFormat = .image

    @Option(help: "Image platform OS/ARCH, e.g. wasi/wasm (default), wasip1/wasm, linux/amd64.")
    var platform: String?

    @Option(name: .customLong("annotation"), help: "Manifest annotation KEY=VALUE (repeatable).")
    var annotations: [String] = []

    @Option(help: "For wasm-to-oci: the component whose module to package. With --build: the only component to build.")
    var component: String?

    @Flag(name: .customLong("build"), help: "First run each component's build command ([component.<id>.build] in spin.toml) in its workdir, like 'spin build'; its output goes to stderr.")
    var runsBuildCommands = false

    /// `--build`: the app's build commands, before anything is read for packing, so a failed
    /// command leaves the output layout untouched.
    func runBuildCommands(path: String) throws {
        guard runsBuildCommands else { return }
        try BuildCommandRunner(outputDescriptor: 2, note: { Output.message($0) })
            .run(path: path, component: component, workingDirectory: FileManager.default.currentDirectoryPath)
    }

    func options(output: String?, tags: [String]) throws -> BuildOptions {
        var options = BuildOptions(format: format, output: output, component: component)
        if !tags.isEmpty { options.tags = tags }
        if let platform {
            do {
                options.platform = try Platform(parsing: platform)
            } catch {
                throw ValidationError(error.description)
            }
        }
        for annotation in annotations {
            guard let equals = annotation.firstIndex(of: "="), equals != annotation.startIndex else {
                throw ValidationError("invalid --annotation '\(annotation)': expected KEY=VALUE")
            }
            options.annotations[String(annotation[..<equals])] = String(annotation[annotation.index(after: equals)...])
        }
        if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !epoch.isEmpty {
            guard let seconds = Int64(epoch), seconds >= 0 else {
                throw ValidationError("SOURCE_DATE_EPOCH='\(epoch)' is not a whole number of seconds since 1970; fix or unset it")
            }
            options.sourceDateEpoch = seconds
        }
        return options
    }
}
