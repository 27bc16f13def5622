import ArgumentParser
import Foundation
import WasmPackLayout
import WasmPackOCI

struct Inspect: AsyncParsableCommand {
    enum OutputFormat: String, ExpressibleByArgument { case text, json }

    static let configuration = CommandConfiguration(
        abstract: "Show an image of an OCI image layout: digest, media types, config, layers, annotations."
    )

    @Argument(help: "OCI image layout directory (default: .wasmpack).")
    var layout: String = ".wasmpack"

    @Option(name: .shortAndLong, help: "Tag of the image (default: latest, or the only image).")
    var tag: String?

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func run() async throws {
        let summary = try ImageSummary(layout: OCILayout(root: layout), tag: tag)
        switch format {
        case .json:
            Output.result(String(decoding: try JSONValueEncoder().bytes(summary), as: UTF8.self))
        case .text:
            Output.result(Self.text(summary))
        }
    }

    static func text(_ summary: ImageSummary) -> String {
        var lines = [
            "Digest:      \(summary.digest)",
            "Tag:         \(summary.tag ?? "-")",
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
        return String(format: "%.1f", value) + " " + units[unit]
    }
}

extension Inspect: CommandSynopsis {
    static let synopsis = "[<layout>] [options]"
}
