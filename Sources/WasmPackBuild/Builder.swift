#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
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
        let target = try RuntimeTarget.resolve(options)
        let inputPath = Self.absolute(path, in: workingDirectory)
        guard let kind = FileKind(atPath: inputPath) else {
            throw .inputNotFound(path: path)
        }
        let isDirectory = kind == .directory
        let isModuleFile = !isDirectory && inputPath.hasSuffix(".wasm")
        let root = isDirectory ? inputPath : PathName.deletingLastComponent(inputPath)
        // Beside the app (its folder or manifest); in the working directory for a bare module.
        let defaultOutput = isModuleFile
            ? Self.absolute(Self.defaultOutputName, in: workingDirectory) : root + "/" + Self.defaultOutputName
        let output = options.output.map { Self.absolute($0, in: workingDirectory) } ?? defaultOutput

        var context = BuildContext(
            annotations: [:],
            platform: options.platform ?? target?.defaultPlatform ?? .wasiWasm,
            component: options.component,
            sourceDateEpoch: options.sourceDateEpoch)
        context.keepManifest = options.keepManifest
        context.progress = options.progress
        if let target {
            context.targetName = target.name
            if case .spinApp(let dialect) = target.layout { context.manifestDialect = dialect }
        }

        let transaction: LayoutTransaction
        let manifest: Descriptor
        var warnings: [String] = []
        var buildNotes: [String] = []
        if let target, target.layout.readsSpinManifest == false {
            // Slight, wws, lunatic: the layout fixes the files; there is no spin.toml to read.
            let content = try TargetInput(target: target, excludedDirectories: [output, defaultOutput]).content(
                path: inputPath, module: options.module.map { Self.absolute($0, in: workingDirectory) },
                entrypoint: options.entrypoint)
            warnings += try Self.checked(BuildChecks(target: target).failures(of: content), skip: options.skipChecks)
            context.annotations = Self.annotations(for: nil, options: options)
            do { transaction = try LayoutTransaction(destination: output) } catch { throw .layout(error) }
            manifest = try ScratchImageFormat.writeImage(content, context: context, into: transaction)
        } else {
            let input: BuildInput
            if isModuleFile {
                input = .module(path: inputPath)
            } else {
                do {
                    input = .app(try SpinManifestReader().read(path: inputPath, excludedDirectories: [output, defaultOutput]))
                } catch {
                    throw .manifest(error)
                }
            }
            var notes: [String] = []
            if case .app(let app) = input {
                warnings = app.warnings
                if let target { warnings += try Self.checked(BuildChecks(target: target).failures(of: app), skip: options.skipChecks) }
                if options.format == .image, let target, case .spinApp = target.layout {
                    let mounts = try Self.directMounts(app, target: target, options: options)
                    warnings += mounts.warnings
                    notes = mounts.notes
                }
            }
            buildNotes = notes
            context.annotations = Self.annotations(for: input, options: options)
            let format: any PackageFormat = switch options.format {
            case .image: ScratchImageFormat()
            case .wasmToOCI: WasmToOCIFormat()
            case .wasm: CNCFWasmFormat()
            case .spin: SpinRegistryFormat(archiveLayers: options.archiveLayers, downloadedSources: options.downloadedSources)
            }
            if let target, options.format != target.format, let note = target.formatNotes[options.format] {
                buildNotes.append(note)
            }
            do { transaction = try LayoutTransaction(destination: output) } catch { throw .layout(error) }
            manifest = try format.assemble(input, context: context, into: transaction)
        }
        transaction.tag(manifest, as: options.tags)
        do { try transaction.commit() } catch { throw .layout(error) }
        var result = BuildResult(manifest: manifest, layout: output, tags: options.tags, warnings: warnings)
        result.notes = buildNotes
        result.format = options.format
        result.target = target?.name
        // Read back from the committed layout (two small, verified files) so the result describes
        // exactly what a later push or inspect will see.
        do {
            let layout = OCILayout(root: output)
            let image = try layout.manifest(manifest)
            result.platform = Platform(configuration: try layout.readBlob(image.config), mediaType: image.config.mediaType)
            for blob in [image.config] + image.layers where !result.blobs.contains(where: { $0.digest == blob.digest }) {
                result.blobs.append(blob)
            }
        } catch {
            throw .layout(error)
        }
        return result
    }

    /// For a Spin shim target: the notes of the direct-mount rewrite, or with `--keep-manifest` the
    /// check of what the shim will refuse: the first problem is the build's error (before anything
    /// is written), or with `--skip-checks` every problem is a warning.
    static func directMounts(
        _ app: SpinApp, target: RuntimeTarget, options: BuildOptions
    ) throws(BuildError) -> (notes: [String], warnings: [String]) {
        guard options.keepManifest else { return (DirectMountRewrite(app: app).notes, []) }
        var failures: [BuildError] = []
        for component in app.components {
            for problem in DirectMountProblem.problems(of: component) {
                failures.append(.directMountUnsupported(
                    manifest: app.manifestFile.absolutePath, component: component.id, problem: problem, target: target.name))
            }
        }
        guard let first = failures.first else { return ([], []) }
        guard options.skipChecks else { throw first }
        return ([], failures.map { "\($0.description) (--skip-checks)" })
    }

    /// The checks' failures as warnings when skipped; otherwise the first one is the build's error.
    /// Runs before the layout transaction opens, so a failed check writes nothing.
    static func checked(_ failures: [CheckFailure], skip: Bool) throws(BuildError) -> [String] {
        guard let first = failures.first else { return [] }
        guard skip else { throw .check(first) }
        return failures.map { "\($0.description) (--skip-checks)" }
    }

    /// Inferred from spin.toml as `spin registry push` does, then the explicit ones on top.
    static func annotations(for input: BuildInput?, options: BuildOptions) -> [String: String] {
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
