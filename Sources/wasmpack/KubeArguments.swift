import ArgumentParser
import Foundation
import WasmPackBuild
import WasmPackKube
import WasmPackLayout
import WasmPackOCI
import WasmPackSpin

extension NodeLabelSource: ExpressibleByArgument {}

/// The choices `kube` and `push --kube` share: how the objects are named, scaled and scheduled.
/// Long names only: push already uses most short ones.
struct KubeArguments: ParsableArguments {
    @Option(help: "Name of the objects and their 'app' label (default: the repository's last path component, made a valid name).")
    var name: String?

    @Option(help: "Pods to run (SpinApp or Deployment replicas; default 2).")
    var replicas: Int?

    @Option(help: "Service port (default: the port the runtime listens on: 80 for Spin, 3000 for slight, wws and lunatic).")
    var port: Int?

    @Option(help: "Namespace of the namespaced objects (default: none, kubectl's current one).")
    var namespace: String?

    @Option(name: .customLong("node-selector"), help: "Label KEY=VALUE the RuntimeClass schedules pods onto (repeatable).")
    var nodeSelectors: [String] = []

    @Option(help: "Add the node labels this platform puts on the target's nodes to the RuntimeClass: aks (WASI node pools) or capz.")
    var nodeLabels: NodeLabelSource?

    @Option(help: "Image pull Secret in the namespace, for a private registry.")
    var pullSecret: String?

    @Flag(name: .customLong("spinapp"), help: "A SpinKube SpinApp instead of a Deployment and Service (automatic for a --format spin artifact).")
    var spinApp = false

    @Flag(help: "With a SpinApp: also write the RuntimeClass and the SpinAppExecutor (scratch-image output always has its RuntimeClass).")
    var runtimeClass = false

    func validate() throws {
        _ = try options()
    }

    /// The options as the library takes them; a bad value is a usage error.
    func options() throws -> KubeOptions {
        var options = KubeOptions()
        options.name = name
        if let replicas { options.replicas = replicas }
        options.port = port
        options.namespace = namespace
        options.nodeLabels = nodeLabels
        options.pullSecret = pullSecret
        options.spinApp = spinApp
        options.clusterObjects = runtimeClass
        for selector in nodeSelectors {
            guard let equals = selector.firstIndex(of: "="), equals != selector.startIndex else {
                throw ValidationError("--node-selector '\(selector)' is not KEY=VALUE, e.g. kubernetes.azure.com/wasmtime-spin-v2=true")
            }
            let key = String(selector[..<equals])
            guard options.nodeSelector[key] == nil else { throw ValidationError("--node-selector names the key '\(key)' twice") }
            options.nodeSelector[key] = String(selector[selector.index(after: equals)...])
        }
        do { try options.validate() } catch { throw ValidationError(error.description) }
        return options
    }

    /// The YAML for `image`, warnings printed on stderr. Target-dependent refusals (`--spinapp` with
    /// a target spin-operator does not run) are usage errors too.
    func yaml(image: PinnedImage, target: RuntimeTarget, variables: [SpinVariable]) throws -> String {
        do {
            let manifest = try KubeManifest(image: image, target: target, options: try options(), variables: variables)
            for warning in manifest.warnings { Output.warning(warning) }
            return try KubernetesYAML.text(manifest.documents)
        } catch let error as KubeError where error.isUsageError {
            throw ValidationError(error.description)
        }
    }

    /// The `[variables]` of the Spin app at `path` (an app folder or its manifest); none when the
    /// path holds no spin.toml (a .wasm file, a slight or wws folder).
    static func variables(app path: String) throws -> [SpinVariable] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return [] }
        if isDirectory.boolValue {
            guard FileManager.default.fileExists(atPath: path + "/spin.toml") else { return [] }
        } else if !path.hasSuffix(".toml") {
            return []
        }
        return try SpinManifestReader().variables(path: path)
    }

    /// The image of `layout` that push and kube take (tagged `tag`, else latest or the only one):
    /// its digest and, for a single manifest, its format.
    static func image(in layout: OCILayout, tag: String?, registry: String, repository: String) throws -> PinnedImage {
        let descriptor = try layout.descriptor(tag: tag)
        var format: ArtifactFormat?
        if descriptor.mediaType.isManifest { format = ArtifactFormat(try layout.manifest(descriptor)) }
        return PinnedImage(registry: registry, repository: repository, digest: descriptor.digest, format: format)
    }

    /// The target `push` builds for (its --target, else the default), which its YAML is for.
    func runtime(_ build: BuildArguments) throws -> RuntimeTarget {
        try build.options(output: nil, tags: []).target ?? .default
    }

    /// `push --kube FILE`: checks before the push that the objects can be written (a bad option
    /// or combination fails before any upload), so the write after it only fails on I/O.
    func checkBeforePush(file: String?, target: @autoclosure () throws -> RuntimeTarget, reference: Reference) throws {
        guard let file else {
            // Kubernetes options without --kube would be silently ignored.
            let given = [
                ("--name", name != nil), ("--replicas", replicas != nil), ("--port", port != nil), ("--namespace", namespace != nil),
                ("--node-selector", !nodeSelectors.isEmpty), ("--node-labels", nodeLabels != nil), ("--pull-secret", pullSecret != nil),
                ("--spinapp", spinApp), ("--runtime-class", runtimeClass),
            ].filter(\.1).map(\.0)
            if let first = given.first { throw ValidationError("\(first) is a Kubernetes option: add --kube FILE to write the YAML, or drop it") }
            return
        }
        let folder = (file as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.isEmpty ? "." : folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--kube '\(file)': the folder '\(folder)' does not exist; create it first")
        }
        let placeholder = PinnedImage(
            registry: reference.registry, repository: reference.repository,
            digest: SHA256Hasher.digest(of: [UInt8]()))
        do { _ = try KubeManifest(image: placeholder, target: try target(), options: try options()) } catch let error as KubeError {
            throw ValidationError(error.description)
        }
    }

    /// `push --kube FILE`, after a successful push: the YAML for the pushed digest, written to
    /// FILE atomically (a temporary file renamed over it), so FILE is whole or as it was.
    func writeAfterPush(
        file: String, layout: OCILayout, tag: String?, pushedTo reference: Reference, digest: Digest, target: RuntimeTarget,
        app: String?
    ) throws {
        var image = try Self.image(in: layout, tag: tag, registry: reference.registry, repository: reference.repository)
        image.digest = digest
        let variables = try app.map(Self.variables(app:)) ?? []
        let text = try yaml(image: image, target: target, variables: variables)
        // The push already happened: say so, or the user would push again to get the file.
        do { try AtomicFile.write(Array(text.utf8), to: file) } catch {
            throw KubeError.writeFailed(file: file, detail: error.description)
        }
        Output.message("Wrote Kubernetes objects for \(image.image) to \(file)")
    }
}
