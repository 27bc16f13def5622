import ArgumentParser
import Foundation
import WasmPackBuild
import WasmPackOCI

extension BuildFormat: ExpressibleByArgument {}

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build an app into an OCI image layout and print the manifest digest.",
        discussion: """
            PATH is an app directory (default: .), a spin.toml, or with --format wasm-to-oci a single .wasm.
            The layout goes to .wasmpack/ beside the spin.toml unless -o says otherwise.
            Builds are reproducible: timestamps come only from SOURCE_DATE_EPOCH.
            """
    )

    @Argument(help: "App directory, spin.toml, or .wasm file.")
    var path: String = "."

    @Option(help: "Output format: image (FROM scratch image for the containerd Spin shim) or wasm-to-oci.")
    var format: BuildFormat = .image

    @Option(name: .shortAndLong, help: "Output OCI image layout directory.")
    var output: String?

    @Option(name: [.customShort("t"), .customLong("tag")], help: "Tag in the layout (repeatable; default: latest).")
    var tags: [String] = []

    @Option(help: "Image platform OS/ARCH, e.g. wasi/wasm (default), wasip1/wasm, linux/amd64.")
    var platform: String?

    @Option(name: .customLong("annotation"), help: "Manifest annotation KEY=VALUE (repeatable).")
    var annotations: [String] = []

    @Option(help: "For wasm-to-oci: the component whose module to package.")
    var component: String?

    func run() async throws {
        let options = try buildOptions()
        let result = try Builder().build(
            path: path, options: options, workingDirectory: FileManager.default.currentDirectoryPath)
        for warning in result.warnings { Output.warning(warning) }
        Output.message("Built \(result.layout) (\(result.tags.joined(separator: ", ")))")
        Output.result(result.manifest.digest.description)
    }

    func buildOptions() throws -> BuildOptions {
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
