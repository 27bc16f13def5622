/// `v1` Service in front of the Deployment's pods, on the port the runtime listens on.
// https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/
public struct ServiceObject: KubernetesObject {
    public struct Spec: Encodable, Sendable {
        public var type: String
        public var selector: [String: String]
        public var ports: [Port]
    }

    public struct Port: Encodable, Sendable {
        public var name: String
        public var `protocol`: String
        public var port: Int
        public var targetPort: Int
    }

    public let apiVersion = "v1"
    public let kind = "Service"
    public var metadata: ObjectMeta
    public var spec: Spec

    public init(metadata: ObjectMeta, selector: [String: String], port: Int, targetPort: Int) {
        self.metadata = metadata
        spec = Spec(
            type: "ClusterIP", selector: selector,
            ports: [Port(name: "http", protocol: "TCP", port: port, targetPort: targetPort)])
    }

    private enum CodingKeys: String, CodingKey { case apiVersion, kind, metadata, spec }
}
