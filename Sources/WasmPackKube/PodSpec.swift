/// The pod of a Deployment: one container on the shim's RuntimeClass.
// https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#PodSpec
public struct PodSpec: Encodable, Sendable {
    public struct Container: Encodable, Sendable {
        public var name: String
        /// `registry/repository@sha256:…`: pinned, so every node runs the bytes that were pushed.
        public var image: String
        /// nil leaves the image Entrypoint in charge (Lunatic reads it).
        public var command: [String]?
        public var env: [EnvironmentVariable]?
        public var ports: [ContainerPort]
        public var resources: Resources
    }

    public struct ContainerPort: Encodable, Sendable {
        public var name: String
        public var containerPort: Int
        public var `protocol`: String
    }

    public struct Resources: Encodable, Sendable {
        public var requests: [String: String]
        public var limits: [String: String]
    }

    public var runtimeClassName: String
    public var imagePullSecrets: [LocalObjectReference]?
    public var containers: [Container]
}
