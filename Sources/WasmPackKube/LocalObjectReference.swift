/// `{name: …}`: how a pod or SpinApp names an image pull Secret in its namespace.
public struct LocalObjectReference: Encodable, Sendable, Hashable {
    public var name: String

    public init(name: String) { self.name = name }
}
