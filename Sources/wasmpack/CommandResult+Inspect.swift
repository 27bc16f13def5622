import WasmPackOCI

extension CommandResult {
    /// `wasmpack inspect`: the members of `report` (an image summary with its wasm and spin, an
    /// index, or a .wasm file's report) after the shared ones, as inspect printed them before
    /// schema version 1; the caller sets `reference` and `ref` for a registry, and the text lines.
    init(inspect report: JSONValue) {
        self.init(command: "inspect")
        if case .object(let members, _) = report { self.members = members }
        summarised = false
    }
}
