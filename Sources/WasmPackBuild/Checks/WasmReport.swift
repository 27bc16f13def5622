import WasmPackWasm

/// One wasm file as `wasmpack inspect` shows it: where it is, what it is, what it needs, which
/// targets run it. Encodes to the JSON `inspect --format json` prints.
public struct WasmReport: Sendable, Encodable {
    public struct ImportGroup: Sendable, Encodable {
        /// The interface (`wasi:http/types@0.2.0`) or core module name (`wasi_snapshot_preview1`).
        public let name: String
        /// Functions (fields of a core module) in it.
        public let items: [String]
    }

    /// The path in the image (or the path given).
    public let path: String
    public let kind: String
    public let wasi: [String]
    public let imports: [ImportGroup]
    public let exports: [String]
    /// Targets whose runtime would run it, in `wasmpack targets` order.
    public let targets: [String]
    /// For every other target, the first reason it would not run it.
    public let refusedBy: [String: String]

    public init(path: String, inspection: WasmInspection) {
        self.path = path
        let summary = inspection.summary
        kind = summary.kind.description
        wasi = summary.wasi.map(\.description)
        imports = summary.imports.map { ImportGroup(name: $0.name, items: $0.items) }
        exports = summary.exports
        var targets: [String] = []
        var refused: [String: String] = [:]
        for target in RuntimeTarget.all {
            if let problem = inspection.problems(on: target).first {
                refused[target.name] = problem.description
            } else {
                targets.append(target.name)
            }
        }
        self.targets = targets
        refusedBy = refused
    }
}
