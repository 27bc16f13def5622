import WasmPackBuild
import WasmPackKube
import WasmPackOCI
import WasmPackSpin
import WasmPackTestSupport
import Yams

/// A pinned image and helpers to read the YAML back, shared by the suites.
enum Fixtures {
    static let digest = try! Digest(parsing: "sha256:" + String(repeating: "ab", count: 32))
    static let image = PinnedImage(registry: "myreg.azurecr.io", repository: "team/hello", digest: digest, format: .image)
    static let spinArtifact = PinnedImage(registry: "myreg.azurecr.io", repository: "team/hello", digest: digest, format: .spin)

    static let variables = [
        SpinVariable(name: "greetee", defaultValue: "world", required: false, secret: false),
        SpinVariable(name: "api_key", defaultValue: nil, required: true, secret: true),
        SpinVariable(name: "region", defaultValue: nil, required: true, secret: false),
    ]

    static func yaml(
        _ image: PinnedImage = image, target: RuntimeTarget, options: KubeOptions = KubeOptions(), variables: [SpinVariable] = []
    ) throws -> String {
        try KubernetesYAML.text(KubeManifest(image: image, target: target, options: options, variables: variables).documents)
    }

    /// The documents of `yaml` by kind (each kind at most once in wasmpack's output).
    static func objects(_ yaml: String) throws -> [String: Node] {
        var byKind: [String: Node] = [:]
        for document in try KubernetesShapes.documents(yaml: yaml) { byKind[document.kind] = document.root }
        return byKind
    }

    static func kinds(_ yaml: String) throws -> [String] {
        try KubernetesShapes.documents(yaml: yaml).map(\.kind)
    }
}

extension Node {
    /// `node["spec", "template", "spec"]`: a path through mappings (and list indexes as Int).
    subscript(path path: Any...) -> Node? {
        var current: Node? = self
        for step in path {
            if let key = step as? String { current = current?.mapping?[key] }
            else if let index = step as? Int, let sequence = current?.sequence, index < sequence.count { current = sequence[index] }
            else { return nil }
        }
        return current
    }
}
