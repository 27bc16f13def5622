/// `metadata` of an object: what `kubectl apply` keys it by.
// https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/object-meta/
public struct ObjectMeta: Encodable, Sendable, Hashable {
    public var name: String
    /// nil for cluster-scoped objects (RuntimeClass) and for "whatever namespace kubectl uses".
    public var namespace: String?
    public var labels: [String: String]?

    public init(name: String, namespace: String? = nil, labels: [String: String]? = nil) {
        self.name = name
        self.namespace = namespace
        self.labels = labels
    }
}
