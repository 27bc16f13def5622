/// Which host interfaces a target's runtime offers, named so the import checks can look them up.
/// `id` is a stable name for the set (`spin-3`, `spin-0.4`, `wws-1.7`, …); `spinVersion` is the
/// Spin release inside the shim when the runtime is Spin (runtimes.md §2.1), nil otherwise.
public struct HostInterfaceSet: Sendable, Hashable, Codable {
    public let id: String
    public let spinVersion: String?

    public init(id: String, spinVersion: String? = nil) {
        self.id = id
        self.spinVersion = spinVersion
    }
}
