/// A token scope such as `repository:team/app:pull,push`.
// https://distribution.github.io/distribution/spec/auth/scope/ — the resource name may itself
// contain ':' (a registry port), so the type ends at the first colon and the actions start after the last.
public struct Scope: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var resourceType: String
    public var resourceName: String
    public var actions: [String]

    public init(resourceType: String = "repository", resourceName: String, actions: [String]) {
        self.resourceType = resourceType
        self.resourceName = resourceName
        self.actions = Array(Set(actions)).sorted()
    }

    public init?(parsing text: String) {
        guard let first = text.firstIndex(of: ":"), let last = text.lastIndex(of: ":"), first < last else { return nil }
        self.init(
            resourceType: String(text[..<first]),
            resourceName: String(text[text.index(after: first)..<last]),
            actions: text[text.index(after: last)...].split(separator: ",").map(String.init))
    }

    public static func repository(_ name: String, _ actions: String...) -> Scope {
        Scope(resourceName: name, actions: actions)
    }

    public var description: String { "\(resourceType):\(resourceName):\(actions.joined(separator: ","))" }

    public static func < (lhs: Scope, rhs: Scope) -> Bool { lhs.description < rhs.description }

    /// Unions the actions of scopes naming the same resource; `*` absorbs every other action.
    public static func merge(_ scopes: [Scope]) -> [Scope] {
        var byResource: [String: Scope] = [:]
        for scope in scopes {
            let key = scope.resourceType + ":" + scope.resourceName
            var merged = byResource[key] ?? Scope(resourceType: scope.resourceType, resourceName: scope.resourceName, actions: [])
            merged = Scope(resourceType: merged.resourceType, resourceName: merged.resourceName, actions: merged.actions + scope.actions)
            if merged.actions.contains("*") { merged.actions = ["*"] }
            byResource[key] = merged
        }
        return byResource.values.sorted()
    }
}
