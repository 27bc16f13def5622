import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackBuild
import WasmPackOCI

struct Targets: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the runtimes 'build --target' and 'push --target' can build for.",
        discussion: "One line each: name, then what the runtime is and where it reads the app. --json prints every field."
    )

    @Flag(help: "Print every target's fields as JSON.")
    var json = false

    func run() throws {
        guard json else {
            let width = RuntimeTarget.all.map(\.name.count).max() ?? 0
            for target in RuntimeTarget.all {
                let mark = target == RuntimeTarget.default ? " (default)" : ""
                Output.result(target.name + String(repeating: " ", count: width - target.name.count) + "  " + target.summary + mark)
            }
            return
        }
        let data = try JSONEncoder.sorted.encode(RuntimeTarget.all.map(TargetJSON.init))
        Output.result(String(decoding: data, as: UTF8.self))
    }
}

extension Targets: CommandSynopsis {
    static let synopsis = "[--json]"
}

/// The JSON form of a target, for scripts and the Kubernetes tooling of later issues.
private struct TargetJSON: Encodable {
    let name: String
    let summary: String
    let isDefault: Bool
    let format: String
    /// Other `--format` values the runtime pulls (`spin` for the Spin shims).
    let otherFormats: [String]
    let platforms: [String]
    let layout: String
    let hostInterfaces: HostInterfaceSet
    let runtimeClass: RuntimeClass
    let pod: PodConventions
    let readsEntrypoint: Bool

    init(_ target: RuntimeTarget) {
        name = target.name
        summary = target.summary
        isDefault = target == RuntimeTarget.default
        format = target.format.rawValue
        otherFormats = target.otherFormats.map(\.rawValue)
        platforms = target.platforms.map(\.description)
        layout = target.layout.name
        hostInterfaces = target.hostInterfaces
        runtimeClass = target.runtimeClass
        pod = target.pod
        readsEntrypoint = target.readsEntrypoint
    }
}

private extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return encoder
    }
}
