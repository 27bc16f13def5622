import WasmPackBuild
import WasmPackOCI
import WasmPackSpin

/// The Kubernetes objects that run a pinned image on a target's runtime, and the notes the user
/// should read. Everything runtime-specific (RuntimeClass, handler, node labels, `command`, port,
/// how variables reach the app, whether spin-operator runs it) is read from the `RuntimeTarget`.
public struct KubeManifest: Sendable {
    public var documents: [KubeDocument]
    /// One line each, for stderr: the image is of a format the target does not list, the app's
    /// variables have nowhere to go, and the target's notes on the format.
    public var warnings: [String]

    // Small, like the shims' and SpinKube's samples (runtimes.md §3.4): a wasm app needs far less
    // than a container, and requests this size fit on any node.
    static let requests = ["cpu": "100m", "memory": "64Mi"]
    static let limits = ["cpu": "500m", "memory": "256Mi"]

    /// - Parameter variables: the app's `[variables]` from its spin.toml, when one is at hand.
    public init(
        image: PinnedImage, target: RuntimeTarget, options: KubeOptions, variables: [SpinVariable] = []
    ) throws(KubeError) {
        try options.validate()
        let name = options.name ?? KubeName.appName(fromRepository: image.repository)
        warnings = Self.formatWarnings(image: image, target: target)

        let useSpinApp = options.spinApp || (image.format == .spin && target.spinAppExecutor != nil)
        if useSpinApp && target.spinAppExecutor == nil { throw .noSpinAppExecutor(target: target.name) }
        if useSpinApp && options.port != nil {
            throw .conflict("--port: spin-operator serves a SpinApp on port 80 (its Service too); leave out --port, or --spinapp")
        }
        let schedules = !options.nodeSelector.isEmpty || options.nodeLabels != nil
        if useSpinApp && schedules && !options.clusterObjects {
            throw .conflict("--node-selector and --node-labels schedule pods through the RuntimeClass; add --runtime-class to write it")
        }
        var nodeSelector: [String: String] = [:]
        if let platform = options.nodeLabels {
            guard let labels = target.runtimeClass.nodeLabels[platform] else {
                throw .noNodeLabels(
                    target: target.name, platform: platform.rawValue,
                    known: NodeLabelSource.allCases.filter { target.runtimeClass.nodeLabels[$0] != nil }.map(\.rawValue))
            }
            nodeSelector = labels
        }
        nodeSelector.merge(options.nodeSelector) { $1 }

        let labels = ["app": name]
        let metadata = ObjectMeta(name: name, namespace: options.namespace, labels: labels)
        let pullSecrets = options.pullSecret.map { [LocalObjectReference(name: $0)] }
        let secretName = name + "-variables"
        var documents: [KubeDocument] = []
        let runtimeClass = RuntimeClassObject(target.runtimeClass, nodeSelector: nodeSelector)
        var runtimeClassComments: [String] = []
        if let platform = options.nodeLabels, platform.labelsAppliedByUser, let labels = target.runtimeClass.nodeLabels[platform] {
            let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            runtimeClassComments = ["\(platform.rawValue) does not label nodes itself; on each node with the shim: kubectl label nodes NODE \(pairs)"]
        }

        if useSpinApp, let executor = target.spinAppExecutor {
            if options.clusterObjects {
                documents.append(KubeDocument(runtimeClass, comments: runtimeClassComments))
                documents.append(KubeDocument(SpinAppExecutorObject(
                    metadata: ObjectMeta(name: executor, namespace: options.namespace), runtimeClassName: runtimeClass.metadata.name)))
            }
            let entries = variables.map { Self.entry(for: $0, name: $0.name, secretName: secretName) }
            let spec = SpinAppObject.Spec(
                image: image.image, executor: executor, replicas: options.replicas,
                imagePullSecrets: pullSecrets, variables: entries.isEmpty ? nil : entries)
            documents.append(KubeDocument(
                SpinAppObject(metadata: metadata, spec: spec),
                comments: Self.variableComments(variables, secretName: secretName, namespace: options.namespace, field: "spec.variables")))
        } else {
            var environment: [EnvironmentVariable] = []
            if let prefix = target.pod.variablePrefix {
                environment = variables.map { Self.entry(for: $0, name: prefix + $0.name.uppercased(), secretName: secretName) }
            } else if !variables.isEmpty {
                warnings.append("the app's variables (\(variables.map(\.name).joined(separator: ", "))) are left out: target \(target.name) has no app variables")
            }
            let port = target.pod.containerPort
            let container = PodSpec.Container(
                name: name, image: image.image, command: target.pod.command,
                env: environment.isEmpty ? nil : environment,
                ports: [PodSpec.ContainerPort(name: "http", containerPort: port, protocol: "TCP")],
                resources: PodSpec.Resources(requests: Self.requests, limits: Self.limits))
            let pod = PodSpec(runtimeClassName: runtimeClass.metadata.name, imagePullSecrets: pullSecrets, containers: [container])
            documents.append(KubeDocument(runtimeClass, comments: runtimeClassComments))
            documents.append(KubeDocument(
                DeploymentObject(metadata: metadata, replicas: options.replicas, podLabels: labels, pod: pod),
                comments: Self.variableComments(
                    environment.isEmpty ? [] : variables, secretName: secretName, namespace: options.namespace,
                    field: "the container's env")))
            documents.append(KubeDocument(ServiceObject(
                metadata: metadata, selector: labels, port: options.port ?? port, targetPort: port)))
        }
        documents[0].comments.insert(
            "Generated by wasmpack for \(image.image) (target \(target.name)).", at: 0)
        self.documents = documents
    }

    /// A variable's entry: a Secret key for secrets (the value never goes in the manifest), the
    /// manifest's default when it has one, else an empty value the user fills in.
    static func entry(for variable: SpinVariable, name: String, secretName: String) -> EnvironmentVariable {
        if variable.secret { return EnvironmentVariable(name: name, secret: secretName, key: secretKey(variable.name)) }
        return EnvironmentVariable(name: name, value: variable.defaultValue ?? "")
    }

    /// Secret keys allow `[-._a-zA-Z0-9]`; Spin variable names may hold ':' inside a word.
    static func secretKey(_ name: String) -> String {
        String(name.map { $0 == ":" ? "." : $0 })
    }

    /// The comment above the object that holds the variables: what to fill in, and how.
    static func variableComments(_ variables: [SpinVariable], secretName: String, namespace: String?, field: String) -> [String] {
        guard !variables.isEmpty else { return [] }
        var lines = ["Variables from spin.toml (\(field)): fill them in before applying."]
        for variable in variables {
            if variable.secret {
                lines.append("  \(variable.name): secret, read from Secret \(secretName); create it first:")
                let namespaceFlag = namespace.map { " -n \($0)" } ?? ""
                lines.append("    kubectl create secret generic \(secretName)\(namespaceFlag) --from-literal=\(secretKey(variable.name))=VALUE")
            } else if let value = variable.defaultValue {
                lines.append("  \(variable.name): optional; spin.toml's default \(quoted(value)) is filled in")
            } else if variable.required {
                lines.append("  \(variable.name): required; set its value (empty now)")
            } else {
                lines.append("  \(variable.name): set its value (empty now)")
            }
        }
        return lines
    }

    /// A default shown in a comment: one line, whatever it holds. YAML 1.1 readers (libyaml,
    /// PyYAML) also end a line at U+0085, U+2028 and U+2029, so those are escaped too.
    static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}":
                text += "\\u{\(String(scalar.value, radix: 16))}"
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    /// The target's view of the image's format: not listed → a warning; listed with a note → the note.
    static func formatWarnings(image: PinnedImage, target: RuntimeTarget) -> [String] {
        guard let format = image.format, let build = BuildFormat(rawValue: format.rawValue) else { return [] }
        let runs = [target.format] + target.otherFormats
        if !runs.contains(build) {
            let why = target.formatNotes[build].map { ": \($0)" } ?? ""
            return ["\(image.image) is a \(format.rawValue) artifact; target \(target.name) runs \(runs.map(\.rawValue).joined(separator: ", "))\(why)"]
        }
        return target.formatNotes[build].map { [$0] } ?? []
    }
}
