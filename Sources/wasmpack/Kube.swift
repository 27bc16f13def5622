import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackBuild
import WasmPackKube
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry
import WasmPackSpin

struct Kube: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print Kubernetes YAML that runs an image, pinned to its digest, on a target's wasm runtime.",
        discussion: """
            REF@sha256:… is used as it is; REF:tag is resolved to its digest through the registry (one manifest GET); with --layout the digest comes from a local layout.

            Scratch-image targets get a RuntimeClass, a Deployment and a Service; --spinapp (automatic for a --format spin artifact) gives a SpinKube SpinApp. The variables of the app's spin.toml (--app, or ./spin.toml) become entries to fill in, explained in YAML comments.

            Apply with: wasmpack kube REF | kubectl apply -f -
            """
    )

    @Argument(help: "The image, e.g. myreg.azurecr.io/app:v1 or myreg.azurecr.io/app@sha256:…")
    var reference: String

    @Option(help: RuntimeTarget.optionHelp)
    var target: String?

    @Option(help: "Take the digest from this OCI image layout's image (tagged latest, or its only one), as 'push --layout' would push it.")
    var layout: String?

    @Option(help: "Spin app folder or spin.toml whose [variables] the YAML lists (default: ./spin.toml when there is one).")
    var app: String?

    @OptionGroup(title: "Kubernetes options")
    var kube: KubeArguments

    @OptionGroup(title: "Registry options (to resolve a tag)")
    var registry: RegistryArguments

    func validate() throws {
        if let target { _ = try RuntimeTarget.named(option: target) }
    }

    func run() async throws {
        let parsed: Reference
        do { parsed = try Reference(parsing: reference) } catch { throw ValidationError(error.description) }
        let runtime = target.flatMap(RuntimeTarget.named) ?? .default

        let image: PinnedImage
        if let layout {
            if parsed.digest != nil {
                throw ValidationError("--layout gives the digest, but '\(reference)' names one too; drop one of them")
            }
            image = try KubeArguments.image(
                in: OCILayout(root: layout), tag: nil, registry: parsed.registry, repository: parsed.repository)
        } else if let digest = parsed.digest {
            image = PinnedImage(registry: parsed.registry, repository: parsed.repository, digest: digest)
        } else {
            let credentials = try registry.credentials(registry: parsed.registry, repository: parsed.repository)
            let client = RegistryClient(
                registry: RegistryHost(host: parsed.apiHost, plainHTTP: registry.plainHTTP),
                credentials: credentials, options: registry.clientOptions())
            let manifest = try Puller(client: client).manifest(parsed)
            if manifest.descriptor.mediaType.isIndex {
                // runtimes.md §1.1: an index holding only wasi/wasm failed to pull on the shims' nodes.
                Output.warning("\(reference) is an index; the wasm shims' nodes need a single manifest (build without an index)")
            }
            image = PinnedImage(
                registry: parsed.registry, repository: parsed.repository, digest: manifest.descriptor.digest, format: manifest.format)
            Output.message("\(reference) is \(image.image)")
        }

        var variables: [SpinVariable] = []
        if let app {
            guard FileManager.default.fileExists(atPath: app) else {
                throw ValidationError("--app '\(app)' does not exist; give a Spin app folder or its spin.toml")
            }
            variables = try SpinManifestReader().variables(path: app)
        } else if FileManager.default.fileExists(atPath: "spin.toml") {
            variables = try KubeArguments.variables(app: ".")
            if !variables.isEmpty { Output.message("Variables from ./spin.toml: \(variables.map(\.name).joined(separator: ", "))") }
        }
        // One write: a failure above leaves stdout empty rather than half a stream.
        let yaml = try kube.yaml(image: image, target: runtime, variables: variables)
        print(yaml, terminator: "")
    }
}

extension Kube: CommandSynopsis {
    static let synopsis = "<reference> [--target T] [--layout DIR] [--spinapp] [options]"
}
