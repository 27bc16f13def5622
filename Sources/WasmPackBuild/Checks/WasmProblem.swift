import WasmPackWasm

/// Why a target's runtime would not run a wasm binary, found by comparing it with the target's
/// `HostInterfaces`. `description` is the clause a check message puts after the file's name.
public enum WasmProblem: Sendable, Hashable, CustomStringConvertible {
    /// A component where the runtime runs only core modules (or the other way round).
    case kindNotRun(WasmBinaryKind)
    /// A host import the runtime does not link: a core module name (`wasi-outbound-http`) or a
    /// component interface (`fermyon:spin/key-value@2.0.0`); `item` is one field/function of it.
    case importNotProvided(name: String, item: String?)
    /// A component import with a plain name (`log: func`): hosts link interfaces only.
    case plainImport(name: String)
    /// An HTTP handler export of a version the runtime never calls.
    case handlerNotCalled(export: String)

    /// The clause after the file's name, naming the target's runtime (`--target aks-wasi-v1 (Spin 0.4.0)`).
    public func description(runtime: String) -> String {
        switch self {
        case .kindNotRun(.component): return "is a component, but \(runtime) runs only core modules"
        case .kindNotRun(.module): return "is a core module, but \(runtime) runs only components"
        case .importNotProvided(let name, let item):
            let shown = item.map { "\(name)::\($0)" } ?? name
            return "imports \(shown), which \(runtime) does not provide"
        case .plainImport(let name): return "imports the plain name '\(name)', but \(runtime) links only interfaces"
        case .handlerNotCalled(let export): return "exports \(export), an HTTP handler version \(runtime) does not call"
        }
    }

    public var description: String { description(runtime: "the runtime") }

    /// What the user can change in the binary, for the message's advice.
    var remedy: String {
        switch self {
        case .kindNotRun(.component): return "rebuild it as a WASI preview1 core module"
        case .kindNotRun(.module): return "rebuild it as a component"
        case .importNotProvided, .plainImport: return "drop the import (an older SDK may not need it)"
        case .handlerNotCalled: return "build it with an SDK for that runtime's Spin"
        }
    }

    /// Everything `summary` needs that `hosts` lacks, in the order of the binary's imports.
    public static func problems(of summary: WasmSummary, on hosts: HostInterfaces) -> [WasmProblem] {
        switch summary.kind {
        case .module:
            guard hosts.runsModules else { return [.kindNotRun(.module)] }
            guard let names = hosts.moduleNames else { return [] }
            return summary.imports.compactMap { group in
                if names.contains(group.name) { return nil }
                // A module made by wit-bindgen >= 0.5 imports interfaces by their component names
                // (`fermyon:spin/variables@2.0.0`); Spin turns it into a component importing those.
                if let interface = WasmInterfaceName(parsing: group.name) {
                    return hosts.runsComponents && hosts.provides(interface) ? nil : .importNotProvided(name: group.name, item: nil)
                }
                // `$root` and `[export]…` modules are wit-bindgen's own plumbing, resolved inside
                // the component Spin makes, never by the host.
                if group.name == "$root" || group.name.hasPrefix("[export]") { return nil }
                return .importNotProvided(name: group.name, item: group.items.first)
            }
        case .component:
            guard hosts.runsComponents else { return [.kindNotRun(.component)] }
            var found: [WasmProblem] = []
            for group in summary.imports {
                guard let interface = group.interface else {
                    found.append(.plainImport(name: group.name))
                    continue
                }
                if !hosts.provides(interface) { found.append(.importNotProvided(name: group.name, item: nil)) }
            }
            if let handlers = hosts.handlerExports {
                for export in summary.exports {
                    guard let name = WasmInterfaceName(parsing: export), name.packageName == "wasi:http",
                        name.interface == "incoming-handler" || name.interface == "handler"
                    else { continue }
                    if !handlers.contains(where: { $0.matches(name) }) { found.append(.handlerNotCalled(export: export)) }
                }
            }
            return found
        }
    }
}
