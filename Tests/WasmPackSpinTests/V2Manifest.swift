/// A v2 manifest with one component `app` (source app.wasm) and extra lines for it.
func v2Manifest(component lines: String = "", extra: String = "") -> String {
    """
    spin_manifest_version = 2
    [application]
    name = "test"
    [[trigger.http]]
    route = "/..."
    component = "app"
    [component.app]
    source = "app.wasm"
    \(lines)
    \(extra)
    """
}
