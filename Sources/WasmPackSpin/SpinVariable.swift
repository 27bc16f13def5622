/// One entry of the app's `[variables]`: what a deployment must supply (a SpinApp `variables`
/// entry, or `SPIN_VARIABLE_<NAME>` in a pod) for the app to start.
// Spin's manifest: `name = { default = "…" }`, `{ required = true }`, and `secret = true` for
// values Spin keeps out of its logs (spin crates/manifest schema, v1 and v2 alike).
public struct SpinVariable: Sendable, Hashable {
    /// Lower snake case, as Spin checks it (`api_key`).
    public let name: String
    /// The `default`, when the manifest gives one (then the deployment need not set it).
    public let defaultValue: String?
    /// `required = true`: Spin refuses to start without a value.
    public let required: Bool
    /// `secret = true`: the value belongs in a Kubernetes Secret, not in the manifest.
    public let secret: Bool

    public init(name: String, defaultValue: String?, required: Bool, secret: Bool) {
        self.name = name
        self.defaultValue = defaultValue
        self.required = required
        self.secret = secret
    }
}
