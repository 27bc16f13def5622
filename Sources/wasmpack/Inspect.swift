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
import WasmPackRegistry

struct Inspect: AsyncParsableCommand {
    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    static let configuration = CommandConfiguration(
        abstract: "Show an image of an OCI image layout or a registry (digest, media types, layers, annotations, its wasm), or a .wasm file.",
        discussion: """
            TARGET that exists on disk is a layout folder or a .wasm file. Anything else that parses as \
            a reference naming its registry (REGISTRY/REPOSITORY[:TAG][@DIGEST], e.g. docker.io/library/x) \
            is read from the registry: its manifest (or index) and config only, never its layers (so no \
            wasm details).

            For each wasm (in a layout's image, or the .wasm file given): module or component, WASI \
            level, imports grouped by interface, exports, and which --target runtimes can run it.
            """
    )

    @Argument(help: "OCI image layout directory, a .wasm file, or a registry reference.")
    var target: String = ".wasmpack"

    @Option(name: .shortAndLong, help: "Tag of the image in a layout (default: latest, or the only image).")
    var tag: String?

    @Flag(help: "A registry reference: print the manifest (or index) bytes exactly as the registry serves them.")
    var raw = false

    /// Replaced by --json: `--format` means the OCI format everywhere else.
    @Option(help: .hidden)
    var format: OutputFormat?

    @OptionGroup(title: "Registry options (a registry reference)")
    var registry: RegistryArguments

    @OptionGroup(title: "Result options")
    var results: ResultArguments

    func validate() throws {
        if raw && results.json { throw ValidationError("--raw prints the manifest as served; it cannot be combined with --json") }
        if let format, results.json, format == .text { throw ValidationError("--json and --format text contradict each other; use --json") }
    }

    /// Where the result goes: `--json` or the deprecated `--format json` (with a warning) print JSON.
    private func resultWriter() -> ResultWriter {
        var writer = ResultWriter(arguments: results)
        if let format {
            Output.warning("--format \(format.rawValue) is deprecated: use --json (or nothing for text); --format means the OCI format elsewhere")
            writer.json = writer.json || format == .json
        }
        return writer
    }

    func run() async throws {
        let writer = resultWriter()
        guard let kind = FileKind(atPath: target) else {
            return try inspectRemote(writer: writer)
        }
        if raw { throw ValidationError("--raw applies to a registry reference; '\(target)' is a file or folder here") }
        if kind != .directory {
            if results.digestFile != nil {
                throw ValidationError("--digest-file: '\(target)' is a .wasm file, which has no manifest digest; give a layout or a registry reference")
            }
            let report = try WasmInspector.report(file: target)
            var result = CommandResult(inspect: try JSONValueEncoder().encode(report))
            result.lines = Self.text([report])
            return try writer.write(result)
        }
        let store = OCILayout(root: target)
        var summary = try ImageSummary(layout: store, tag: tag)
        // Absolute, as every result's layout: a metadata file means the same from any directory.
        summary.layout = CommandResult.absolute(target)
        let reports = try WasmInspector.reports(layout: store, summary: summary)
        let spin = try SpinAppReport(layout: store, summary: summary)
        // The image summary's members, then `wasm`: one object, so existing readers keep working.
        guard case .object(var members, _) = try JSONValueEncoder().encode(summary) else { return }
        members.append(JSONMember(key: "wasm", value: try JSONValueEncoder().encode(reports)))
        if let spin { members.append(JSONMember(key: "spin", value: try JSONValueEncoder().encode(spin))) }
        var result = CommandResult(inspect: .object(members, sortedOnOutput: false))
        result.lines = [Self.text(summary)] + (spin.map(Self.text) ?? []) + (reports.isEmpty ? [] : ["Wasm:"] + Self.text(reports))
        try writer.write(result)
    }

    /// TARGET is not on disk: a registry reference, read without its layers.
    private func inspectRemote(writer: ResultWriter) throws {
        // Only a reference that names its registry is looked up: "app/api.wasm" or a bare word is
        // far more likely a mistyped path than an image on Docker Hub.
        let first = target.split(separator: "/", maxSplits: 1).first ?? ""
        let namesRegistry = target.contains("/") && (first.contains(".") || first.contains(":") || first == "localhost" || first.hasPrefix("["))
        guard namesRegistry else {
            throw ValidationError("'\(target)' does not exist; give an OCI image layout folder, a .wasm file, or a registry reference REGISTRY/REPOSITORY[:TAG]")
        }
        let reference: Reference
        do { reference = try Reference(parsing: target) } catch {
            throw ValidationError("'\(target)' is neither a file or folder here nor a registry reference: \(error.description)")
        }
        if tag != nil { throw ValidationError("-t/--tag picks an image in a layout; for a registry, put the tag in the reference (\(reference.name):TAG)") }
        let client = try registry.client(for: reference)
        let inspection = try RemoteInspector(client: client).inspect(reference)
        let descriptor = inspection.manifest.descriptor
        var result: CommandResult
        switch inspection.content {
        case .image(let summary):
            result = CommandResult(inspect: try JSONValueEncoder().encode(summary))
            result.lines = ["Reference:   \(reference)\n" + Self.text(summary)]
        case .index(let index):
            var members = [
                JSONMember(key: "digest", value: .string(descriptor.digest.description)),
                JSONMember(key: "mediaType", value: .string(descriptor.mediaType.rawValue)),
                JSONMember(key: "size", value: .integer(descriptor.size)),
                JSONMember(key: "manifests", value: try JSONValueEncoder().encode(index.manifests)),
            ]
            if let annotations = index.annotations, !annotations.isEmpty {
                members.append(JSONMember(key: "annotations", value: try JSONValueEncoder().encode(annotations)))
            }
            result = CommandResult(inspect: .object(members, sortedOnOutput: false))
            result.lines = [Self.text(index, reference: reference, descriptor: descriptor)]
        }
        result.reference = reference.description
        result.ref = CommandResult.ref(reference, descriptor.digest)
        if raw {
            // The files still get the result; stdout gets exactly the bytes served, no newline
            // added, so `| sha256sum` gives the digest.
            try writer.record(result)
            inspection.manifest.bytes.withUnsafeBytes { buffer in _ = try? FileContents.writeAll(buffer, to: 1) }
            return
        }
        try writer.write(result)
    }

    /// An index from a registry: its own digest, then one line per manifest with its platform.
    static func text(_ index: ImageIndex, reference: Reference, descriptor: Descriptor) -> String {
        var lines = [
            "Reference:   \(reference)",
            "Digest:      \(descriptor.digest)",
            "Media type:  \(descriptor.mediaType)",
            "Size:        \(descriptor.size) bytes",
            "Manifests:",
        ]
        for entry in index.manifests {
            let platform = entry.platform.map { "  \($0)" } ?? ""
            lines.append("  \(entry.digest)  \(entry.mediaType)  \(byteCount(entry.size))\(platform)")
        }
        if let annotations = index.annotations, !annotations.isEmpty {
            lines.append("Annotations:")
            for key in annotations.keys.sorted() { lines.append("  \(key)=\(annotations[key]!)") }
        }
        return lines.joined(separator: "\n")
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
    static let synopsis = "[<layout>|<reference>] [options]"
}
