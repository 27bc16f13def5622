import Foundation
import WasmPackLayout
import WasmPackOCI
import WasmPackSpin

/// `wasmpack build`: reads the input, assembles the chosen format and commits it to a layout.
public struct Builder: Sendable {
    /// The default output folder, beside the spin.toml (or in the working directory for a module).
    public static let defaultOutputName = ".wasmpack"

    public init() {}

    /// - Parameters:
    ///   - path: an app directory, a spin.toml, or a .wasm file; relative to `workingDirectory`.
    public func build(path: String, options: BuildOptions, workingDirectory: String) throws(BuildError) -> BuildResult {
        for tag in options.tags where !Self.isValidTag(tag) { throw .invalidTag(tag) }
        let inputPath = Self.absolute(path, in: workingDirectory)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: inputPath, isDirectory: &isDirectory) else {
            throw .inputNotFound(path: path)
        }

        let input: BuildInput
        let output: String
        if !isDirectory.boolValue && inputPath.hasSuffix(".wasm") {
            input = .module(path: inputPath)
            output = Self.absolute(options.output ?? Self.defaultOutputName, in: workingDirectory)
        } else {
            let root = isDirectory.boolValue ? inputPath : (inputPath as NSString).deletingLastPathComponent
            let defaultOutput = root + "/" + Self.defaultOutputName
            output = options.output.map { Self.absolute($0, in: workingDirectory) } ?? defaultOutput
            do {
                input = .app(try SpinManifestReader().read(path: inputPath, excludedDirectories: [output, defaultOutput]))
            } catch {
                throw .manifest(error)
            }
        }

        let context = BuildContext(
            annotations: Self.annotations(for: input, options: options),
            platform: options.platform ?? .wasiWasm,
            component: options.component,
            sourceDateEpoch: options.sourceDateEpoch)
        let format: any PackageFormat = switch options.format {
        case .image: ScratchImageFormat()
        case .wasmToOCI: WasmToOCIFormat()
        }

        let transaction: LayoutTransaction
        do { transaction = try LayoutTransaction(destination: output) } catch { throw .layout(error) }
        let manifest = try format.assemble(input, context: context, into: transaction)
        transaction.tag(manifest, as: options.tags)
        do { try transaction.commit() } catch { throw .layout(error) }

        var warnings: [String] = []
        if case .app(let app) = input { warnings = app.warnings }
        return BuildResult(manifest: manifest, layout: output, tags: options.tags, warnings: warnings)
    }

    /// Inferred from spin.toml as `spin registry push` does, then the explicit ones on top.
    static func annotations(for input: BuildInput, options: BuildOptions) -> [String: String] {
        var annotations: [String: String] = [:]
        if case .app(let app) = input {
            annotations[AnnotationKey.title] = app.name
            annotations[AnnotationKey.version] = app.version
            annotations[AnnotationKey.description] = app.description
            if !app.authors.isEmpty { annotations[AnnotationKey.authors] = app.authors.joined(separator: ", ") }
        }
        if let epoch = options.sourceDateEpoch {
            annotations[AnnotationKey.created] = Timestamp.rfc3339(secondsSinceEpoch: epoch)
        }
        annotations.merge(options.annotations) { _, explicit in explicit }
        return annotations
    }

    /// The distribution tag grammar: `[\w][\w.-]{0,127}`.
    static func isValidTag(_ tag: String) -> Bool {
        let bytes = Array(tag.utf8)
        func isWord(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte) || byte == 0x5f
        }
        guard let first = bytes.first, isWord(first), bytes.count <= 128 else { return false }
        return bytes.dropFirst().allSatisfy { isWord($0) || $0 == 0x2e || $0 == 0x2d }
    }

    static func absolute(_ path: String, in workingDirectory: String) -> String {
        let joined = path.hasPrefix("/") ? path : workingDirectory + "/" + path
        return URL(fileURLWithPath: joined).standardizedFileURL.path
    }
}
