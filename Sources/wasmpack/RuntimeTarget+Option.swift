import ArgumentParser
import WasmPackBuild

/// `--target`, as build, push and kube take it: one help text and one error for an unknown name.
extension RuntimeTarget {
    static let optionHelp = ArgumentHelp("Runtime the image is for (default: spinkube); 'wasmpack targets' lists them.")

    /// The target `--target name` names; an unknown name is a usage error listing the known ones.
    static func named(option name: String) throws -> RuntimeTarget {
        guard let known = named(name) else {
            throw ValidationError(
                "unknown --target '\(name)'; choose one of: \(all.map(\.name).joined(separator: ", ")) (see 'wasmpack targets')")
        }
        return known
    }
}
