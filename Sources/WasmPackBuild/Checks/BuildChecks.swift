import WasmPackSpin
import WasmPackWasm

/// The checks that the target's runtime will start what `build` is about to write: every packed
/// wasm against the runtime's host interfaces, component sources that are not wasm, and manifest
/// keys the runtime's Spin does not know. They only read; `Builder` runs them before anything is
/// written, and turns the failures into an error or (with `--skip-checks`) into warnings.
struct BuildChecks {
    let target: RuntimeTarget

    /// A Spin app: each component's local source and local dependencies, then the manifest's keys.
    func failures(of app: SpinApp) -> [CheckFailure] {
        var failures: [CheckFailure] = []
        for component in app.components {
            if case .local(let file) = component.source {
                failures += check(file: file.relativePath, at: file.absolutePath, component: component.id)
            }
            for dependency in component.dependencies {
                failures += check(file: dependency.relativePath, at: dependency.absolutePath, component: component.id)
            }
        }
        failures += SpinFeatureCheck(target: target).failures(of: app)
        return failures
    }

    /// The wasm files of a non-Spin layout (the module of slight and lunatic, wws's wasm workers).
    func failures(of content: ImageContent) -> [CheckFailure] {
        content.entries.flatMap { entry -> [CheckFailure] in
            guard entry.path.hasSuffix(".wasm") else { return [] }
            let parts = entry.path.split(separator: "/")
            // wws serves public/ as static files, runs .wws/ runtimes itself and ignores `_*` folders
            // (runtimes.md §1.3): none of those is a worker.
            if parts.dropLast().contains(where: { $0 == "public" || $0 == ".wws" || $0.hasPrefix("_") }) { return [] }
            return check(file: entry.path, at: entry.sourceFile, component: nil)
        }
    }

    /// One binary: not wasm at all, or needing what the runtime lacks.
    func check(file: String, at path: String, component: String?) -> [CheckFailure] {
        let inspection: WasmInspection
        do { inspection = try WasmInspection(path: path) } catch {
            // Spin accepts WebAssembly text as a source (formats.md §2.2): nothing to check.
            if case .unreadable(_, .webAssemblyText) = error { return [] }
            // A missing or unreadable file is reported where it is packed, with its own message.
            if case .cannotOpen = error { return [] }
            return [CheckFailure(file: file, component: component, target: target, problem: .notWasm(reason: error.reason), alternatives: [])]
        }
        let problems = inspection.problems(on: target)
        guard !problems.isEmpty else { return [] }
        let alternatives = inspection.runnableTargets.filter { other in
            // Only targets that read the same input: a Spin app is no Slight app.
            other != target
                && (target.layout.readsSpinManifest ? other.layout.readsSpinManifest : other.layout == target.layout)
        }.map(\.name)
        return problems.map { problem in
            CheckFailure(file: file, component: component, target: target, problem: .wasm(problem), alternatives: alternatives)
        }
    }
}
