/// `apps/v1` Deployment running the pinned image on a wasm shim's RuntimeClass.
// https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/deployment-v1/
public struct DeploymentObject: KubernetesObject {
    public struct Spec: Encodable, Sendable {
        public var replicas: Int
        public var selector: LabelSelector
        public var template: PodTemplate
    }

    public struct LabelSelector: Encodable, Sendable {
        public var matchLabels: [String: String]
    }

    public struct PodTemplate: Encodable, Sendable {
        public var metadata: TemplateMeta
        public var spec: PodSpec
    }

    /// A pod template's metadata carries labels only (the Deployment names the pods).
    public struct TemplateMeta: Encodable, Sendable {
        public var labels: [String: String]
    }

    public let apiVersion = "apps/v1"
    public let kind = "Deployment"
    public var metadata: ObjectMeta
    public var spec: Spec

    public init(metadata: ObjectMeta, replicas: Int, podLabels: [String: String], pod: PodSpec) {
        self.metadata = metadata
        spec = Spec(
            replicas: replicas, selector: LabelSelector(matchLabels: podLabels),
            template: PodTemplate(metadata: TemplateMeta(labels: podLabels), spec: pod))
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec }
}
