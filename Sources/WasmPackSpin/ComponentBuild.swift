/// A component's `[component.<id>.build]` table (v1: `[component.build]` inside `[[component]]`):
/// how `spin build` makes the component's source, which wasmpack runs for `--build`.
///
/// Reading it only checks types: Spin accepts any workdir until it builds, so an absolute one is
/// refused when the build runs (`SpinBuildPlan`), not when the app is packed.
public struct ComponentBuild: Sendable, Equatable {
    /// Shell commands run one after another; `command = "…"` gives one, Spin 3's array form several.
    public let commands: [String]
    /// Relative to the manifest's directory; nil means the manifest's directory itself.
    public let workdir: String?
    /// `spin watch` globs; kept so a locked-app writer can copy the table, unused by wasmpack.
    public let watch: [String]
    /// Names the workdir in messages (`[component.api] build.workdir`, `component[0].build.workdir`).
    public let workdirKey: String

    public init(commands: [String], workdir: String? = nil, watch: [String] = [], workdirKey: String = "build.workdir") {
        self.commands = commands
        self.workdir = workdir
        self.watch = watch
        self.workdirKey = workdirKey
    }

    /// The `build` table of a component, or nil when it has none.
    static func parse(in component: ManifestTable) throws(SpinManifestError) -> ComponentBuild? {
        guard let table = try component.subtable("build", key: component.key.nested("build")) else { return nil }
        let commands: [String]
        // spin-manifest `Commands`: untagged `Single(String)` or `Multiple(Vec<String>)`.
        guard let value = table.value("command") else {
            throw .missingKey(manifest: table.manifest, key: table.key("command"))
        }
        if let single = value.string {
            commands = [single]
        } else if value.array != nil {
            commands = try table.strings("command")
        } else {
            throw table.wrongType("command", expected: "a string or an array of strings", found: value)
        }
        return ComponentBuild(
            commands: commands,
            workdir: try table.path("workdir"),
            watch: try table.strings("watch"),
            workdirKey: table.key("workdir"))
    }
}
