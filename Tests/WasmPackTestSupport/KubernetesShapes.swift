import Yams

/// A structural check of Kubernetes YAML, in the spirit of `kubectl apply --dry-run=client` with
/// strict field validation but without a cluster: every document is parsed (Yams), its
/// apiVersion/kind must be one of the shapes below, and every field must be known, of the right
/// type, and present when required. The shapes are written from the API references, not from
/// wasmpack's code, so a wrong field name or type in the emitter fails here.
///
///     let problems = try KubernetesShapes.check(yaml: text)
///     #expect(problems.isEmpty, "\(problems)")
public enum KubernetesShapes {
    /// The type a field must have.
    public indirect enum Shape: Sendable {
        case string
        case integer
        case boolean
        /// Kubernetes' IntOrString (`targetPort`).
        case integerOrString
        case list(Shape)
        /// A map with free string keys (labels, node selectors, resource quantities).
        case map(Shape)
        /// An object with known fields; names listed in `required` must be present.
        case object([String: Shape], required: Set<String>)
    }

    /// One parsed document: its apiVersion, kind and Yams tree (tags resolved as YAML 1.1 readers do).
    public struct Document {
        public var apiVersion: String
        public var kind: String
        public var root: Node
    }

    // MARK: The shapes (Kubernetes 1.30 API reference; spin-operator v0.6 CRDs, runtimes.md §3.1)

    static let objectMeta = Shape.object(
        ["name": .string, "namespace": .string, "labels": .map(.string), "annotations": .map(.string)],
        required: ["name"])
    static let localObjectReference = Shape.object(["name": .string], required: ["name"])
    static let envVar = Shape.object(
        [
            "name": .string, "value": .string,
            "valueFrom": .object(
                [
                    "secretKeyRef": .object(["name": .string, "key": .string, "optional": .boolean], required: ["key"]),
                    "configMapKeyRef": .object(["name": .string, "key": .string, "optional": .boolean], required: ["key"]),
                    "fieldRef": .object(["fieldPath": .string, "apiVersion": .string], required: ["fieldPath"]),
                ], required: []),
        ], required: ["name"])
    static let resources = Shape.object(["requests": .map(.string), "limits": .map(.string)], required: [])
    static let container = Shape.object(
        [
            "name": .string, "image": .string, "command": .list(.string), "args": .list(.string),
            "env": .list(envVar), "workingDir": .string, "imagePullPolicy": .string,
            "ports": .list(.object(
                ["name": .string, "containerPort": .integer, "protocol": .string, "hostPort": .integer, "hostIP": .string],
                required: ["containerPort"])),
            "resources": resources,
        ], required: ["name"])
    static let podSpec = Shape.object(
        [
            "containers": .list(container), "runtimeClassName": .string, "imagePullSecrets": .list(localObjectReference),
            "nodeSelector": .map(.string), "serviceAccountName": .string,
        ], required: ["containers"])

    /// apiVersion/kind → the shape of the whole object.
    public static let shapes: [String: Shape] = [
        "node.k8s.io/v1/RuntimeClass": .object(
            [
                "apiVersion": .string, "kind": .string, "metadata": objectMeta, "handler": .string,
                "scheduling": .object(["nodeSelector": .map(.string), "tolerations": .list(.map(.string))], required: []),
                "overhead": .object(["podFixed": .map(.string)], required: []),
            ], required: ["apiVersion", "kind", "metadata", "handler"]),
        "apps/v1/Deployment": .object(
            [
                "apiVersion": .string, "kind": .string, "metadata": objectMeta,
                "spec": .object(
                    [
                        "replicas": .integer,
                        "selector": .object(["matchLabels": .map(.string)], required: []),
                        "template": .object(
                            ["metadata": .object(["labels": .map(.string), "annotations": .map(.string)], required: []), "spec": podSpec],
                            required: ["spec"]),
                    ], required: ["selector", "template"]),
            ], required: ["apiVersion", "kind", "metadata", "spec"]),
        "v1/Service": .object(
            [
                "apiVersion": .string, "kind": .string, "metadata": objectMeta,
                "spec": .object(
                    [
                        "type": .string, "selector": .map(.string),
                        "ports": .list(.object(
                            ["name": .string, "protocol": .string, "port": .integer, "targetPort": .integerOrString, "nodePort": .integer],
                            required: ["port"])),
                    ], required: []),
            ], required: ["apiVersion", "kind", "metadata", "spec"]),
        "core.spinkube.dev/v1alpha1/SpinApp": .object(
            [
                "apiVersion": .string, "kind": .string, "metadata": objectMeta,
                "spec": .object(
                    [
                        "image": .string, "executor": .string, "replicas": .integer, "enableAutoscaling": .boolean,
                        "imagePullSecrets": .list(localObjectReference), "variables": .list(envVar),
                        "components": .list(.string), "serviceAccountName": .string, "resources": resources,
                        "podLabels": .map(.string), "podAnnotations": .map(.string), "serviceAnnotations": .map(.string),
                        "deploymentAnnotations": .map(.string), "invocationLimits": .map(.string),
                    ], required: ["image"]),
            ], required: ["apiVersion", "kind", "metadata", "spec"]),
        "core.spinkube.dev/v1alpha1/SpinAppExecutor": .object(
            [
                "apiVersion": .string, "kind": .string, "metadata": objectMeta,
                "spec": .object(
                    [
                        "createDeployment": .boolean,
                        "deploymentConfig": .object(
                            ["runtimeClassName": .string, "spinImage": .string, "installDefaultCACerts": .boolean, "caCertSecret": .string],
                            required: []),
                    ], required: ["createDeployment"]),
            ], required: ["apiVersion", "kind", "metadata", "spec"]),
    ]

    /// Kinds that live outside namespaces: a `metadata.namespace` on them is an error.
    static let clusterScoped: Set<String> = ["RuntimeClass"]

    // MARK: Checking

    /// Parses every document of `yaml`; throws when it is not YAML or a document is not a mapping
    /// with string `apiVersion` and `kind`.
    public static func documents(yaml: String) throws -> [Document] {
        var documents: [Document] = []
        var sequence = try Yams.compose_all(yaml: yaml)
        while let node = sequence.next() {
            guard let mapping = node.mapping,
                  let apiVersion = mapping["apiVersion"]?.string, let kind = mapping["kind"]?.string else {
                throw ShapeError("a document without apiVersion and kind: \(node)")
            }
            documents.append(Document(apiVersion: apiVersion, kind: kind, root: node))
        }
        if let error = sequence.error { throw error }
        return documents
    }

    /// Every problem found in `yaml`, one line each; empty when it all fits.
    public static func check(yaml: String) throws -> [String] {
        var problems: [String] = []
        for document in try documents(yaml: yaml) {
            let id = "\(document.apiVersion)/\(document.kind)"
            guard let shape = shapes[id] else {
                problems.append("\(id): not a known apiVersion/kind")
                continue
            }
            check(document.root, against: shape, path: document.kind, problems: &problems)
            if clusterScoped.contains(document.kind), document.root.mapping?["metadata"]?.mapping?["namespace"] != nil {
                problems.append("\(document.kind): cluster-scoped, but has metadata.namespace")
            }
        }
        return problems
    }

    static func check(_ node: Node, against shape: Shape, path: String, problems: inout [String]) {
        switch shape {
        case .string:
            if !isScalar(node, .str) { problems.append("\(path): expected a string, found \(describe(node))") }
        case .integer:
            if !isScalar(node, .int) { problems.append("\(path): expected an integer, found \(describe(node))") }
        case .boolean:
            if !isScalar(node, .bool) { problems.append("\(path): expected true or false, found \(describe(node))") }
        case .integerOrString:
            if !isScalar(node, .int) && !isScalar(node, .str) { problems.append("\(path): expected an integer or string, found \(describe(node))") }
        case .list(let element):
            guard let sequence = node.sequence else { return problems.append("\(path): expected a list, found \(describe(node))") }
            for (index, item) in sequence.enumerated() { check(item, against: element, path: "\(path)[\(index)]", problems: &problems) }
        case .map(let value):
            guard let mapping = node.mapping else { return problems.append("\(path): expected a map, found \(describe(node))") }
            for (key, item) in mapping {
                guard let name = key.string, isScalar(key, .str) else {
                    problems.append("\(path): a key that is not a string: \(describe(key))")
                    continue
                }
                check(item, against: value, path: "\(path).\(name)", problems: &problems)
            }
        case .object(let fields, let required):
            guard let mapping = node.mapping else { return problems.append("\(path): expected an object, found \(describe(node))") }
            var seen: Set<String> = []
            for (key, item) in mapping {
                guard let name = key.string, let fieldShape = fields[name] else {
                    problems.append("\(path): unknown field '\(key.string ?? describe(key))'")
                    continue
                }
                if !seen.insert(name).inserted { problems.append("\(path): field '\(name)' twice") }
                check(item, against: fieldShape, path: "\(path).\(name)", problems: &problems)
            }
            for name in required.sorted() where !seen.contains(name) {
                problems.append("\(path): missing required field '\(name)'")
            }
        }
    }

    static func isScalar(_ node: Node, _ tag: Tag.Name) -> Bool {
        node.scalar != nil && node.tag.rawValue == tag.rawValue
    }

    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return "\(node.tag.rawValue.split(separator: ":").last ?? "?") '\(scalar.string)'"
        case .sequence: return "a list"
        case .mapping: return "an object"
        case .alias: return "an alias"
        }
    }
}

/// A document `KubernetesShapes` cannot read at all.
public struct ShapeError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
