/// One document of the YAML stream: an object and the comment lines written above it (what the
/// user must still fill in; YAML comments are not part of the object).
public struct KubeDocument: Sendable {
    public var comments: [String]
    public var object: any KubernetesObject

    public init(_ object: any KubernetesObject, comments: [String] = []) {
        self.object = object
        self.comments = comments
    }
}
