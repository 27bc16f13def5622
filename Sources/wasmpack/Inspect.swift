import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI

struct Inspect: AsyncParsableCommand {
    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    static let configuration = CommandConfiguration(
        abstract: "Show an image of an OCI image layout (digest, media types, layers, annotations, its wasm), or a .wasm file.",
        discussion: """
            For each wasm (in the image, or the .wasm file given): module or component, WASI level,
            imports grouped by interface, exports, and which --target runtimes can run it.
            """
    )

    @Argument(help: "OCI image layout directory (default: .wasmpack), or a .wasm file.")
    var layout: String = ".wasmpack"

    @Option(name: .shortAndLong, help: "Tag of the image (default: latest, or the only image).")
    var tag: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        if let kind = FileKind(atPath: layout), kind != .directory {
            let report = try WasmInspector.report(file: layout)
            switch format {
            case .json: Output.result(String(decoding: try JSONValueEncoder().bytes(report), as: UTF8.self))
            case .text: Output.result(Self.text([report]).joined(separator: "\n"))
            }
            return
        }
        let store = OCILayout(root: layout)
        let summary = try ImageSummary(layout: store, tag: tag)
        let reports = try WasmInspector.reports(layout: store, summary: summary)
        let spin = try SpinAppReport(layout: store, summary: summary)
        switch format {
        case .json:
            // The image summary's members, then `wasm`: one object, so existing readers keep working.
            guard case .object(var members, let sorted) = try JSONValueEncoder().encode(summary) else { return }
            members.append(JSONMember(key: "wasm", value: try JSONValueEncoder().encode(reports)))
            if let spin { members.append(JSONMember(key: "spin", value: try JSONValueEncoder().encode(spin))) }
            Output.result(String(decoding: JSONWriter(style: .canonical).bytes(.object(members, sortedOnOutput: sorted)), as: UTF8.self))
        case .text:
            Output.result(([Self.text(summary)] + (spin.map(Self.text) ?? []) + (reports.isEmpty ? [] : ["Wasm:"] + Self.text(reports))).joined(separator: "\n"))
        }
    }

    /// Per wasm: a heading line, then its imports by interface, exports and targets, indented.
    static func text(_ reports: [WasmReport]) -> [String] {
        var lines: [String] = []
        for report in reports {
            let wasi = report.wasi.isEmpty ? "" : " (WASI \(report.wasi.joined(separator: ", ")))"
            lines.append("  \(report.path): \(report.kind)\(wasi)")
            lines.append("    Imports:")
            if report.imports.isEmpty { lines.append("      (none)") }
            for group in report.imports {
                lines.append("      \(group.name)" + (group.items.isEmpty ? "" : ": \(group.items.joined(separator: ", "))"))
            }
            lines.append("    Exports: " + (report.exports.isEmpty ? "(none)" : report.exports.joined(separator: ", ")))
            lines.append("    Runs on: " + (report.targets.isEmpty ? "(no target)" : report.targets.joined(separator: ", ")))
            for name in RuntimeTarget.all.map(\.name) {
                if let reason = report.refusedBy[name] { lines.append("    Not on \(name): \(reason)") }
            }
        }
        return lines
    }

    /// A Spin artifact's app: each component with its wasm and files, then the triggers.
    static func text(_ spin: SpinAppReport) -> [String] {
        var lines = ["Spin app (format \(spin.format)):", "  Components:"]
        for component in spin.components {
            lines.append("    \(component.id)  wasm \(component.wasm)")
            for file in component.files { lines.append("      \(file.path)  " + (file.inline ? "inline" : file.digest ?? "-")) }
        }
        lines.append("  Triggers:")
        for trigger in spin.triggers {
            let settings = trigger.settings.isEmpty ? "" : "  " + trigger.settings.joined(separator: " ")
            lines.append("    \(trigger.type) \(trigger.id) -> \(trigger.component ?? "-")\(settings)")
        }
        return lines
    }

    static func text(_ summary: ImageSummary) -> String {
        var lines = [
            "Digest:      \(summary.digest)",
            "Tag:         \(summary.tag ?? "-")",
            "Format:      \(summary.format?.rawValue ?? "unknown (config \(summary.config.mediaType))")",
            "Media type:  \(summary.mediaType)",
            "Size:        \(summary.size) bytes",
            "Config:      \(summary.config.digest) \(summary.config.mediaType) \(summary.config.size) bytes",
        ]
        if let platform = summary.platform { lines.append("Platform:    \(platform)") }
        if let created = summary.created { lines.append("Created:     \(created)") }
        lines.append("Layers:")
        for layer in summary.layers {
            let title = layer.title.map { "  \($0)" } ?? ""
            lines.append("  \(layer.digest)  \(layer.mediaType)  \(byteCount(layer.size))\(title)")
        }
        if !summary.annotations.isEmpty {
            lines.append("Annotations:")
            for key in summary.annotations.keys.sorted() { lines.append("  \(key)=\(summary.annotations[key]!)") }
        }
        return lines.joined(separator: "\n")
    }

    static func byteCount(_ size: Int64) -> String {
        if size < 1024 { return "\(size) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(size) / 1024
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return value.oneDecimal + " " + units[unit]
    }
}

extension Inspect: CommandSynopsis {
    static let synopsis = "[<layout>] [options]"
}
