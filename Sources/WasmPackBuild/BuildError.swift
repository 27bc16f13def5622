import WasmPackPlatform
import WasmPackArchive
import WasmPackLayout
import WasmPackOCI
import WasmPackSpin

/// Why a build failed; `description` is the one-line text the CLI shows.
public enum BuildError: Error, Sendable, CustomStringConvertible {
    case inputNotFound(path: String)
    case moduleNeedsWasmToOCI(path: String)
    case notAWasmModule(path: String)
    /// `--format wasm` reads the binary for its config (os, component worlds); it could not.
    case wasmNotReadable(WasmInspectionError)
    /// The module is a FIFO, socket, device or directory (`kind`); it is never read.
    case notARegularFile(path: String, kind: String)
    case cannotReadInput(path: String, errno: Int32)
    case componentRequired(manifest: String, ids: [String])
    case unknownComponent(manifest: String, id: String, ids: [String])
    case componentNotLocal(manifest: String, id: String)
    /// `--format spin` packs every component's Wasm; a `{ url, digest }` or registry source is not downloaded yet.
    case remoteSourceNotPacked(manifest: String, id: String)
    /// A downloaded source's cached file no longer has the digest spin.toml names.
    case remoteSourceChanged(url: String, path: String, expected: String)
    /// Something in spin.toml the Spin registry format does not write yet.
    case spinFormatUnsupported(manifest: String, what: String)
    case componentOptionWithoutApp(path: String)
    case manifestPathTaken(manifest: String)
    case invalidTag(String)
    /// `--format`/`--platform`/`--entrypoint` given with a `--target` whose runtime cannot use it.
    case targetContradiction(option: String, value: String, target: String, expected: String)
    case manifestNotConvertible(manifest: String, key: String, target: String, reason: String)
    case slightfileMissing(folder: String)
    case workerTreeNeedsFolder(path: String)
    case noWorkers(folder: String)
    case moduleChoiceNeeded(folder: String, target: String, found: [String])
    case invalidEntrypoint(String)
    /// `--module PATH` names no file (PATH as given, resolved from the current folder).
    case moduleOptionNotFound(path: String)
    case moduleOptionNotUsed(target: String)
    /// With `--keep-manifest`: a component's `files`/`exclude_files` the target's Spin shim refuses.
    case directMountUnsupported(manifest: String, component: String, problem: DirectMountProblem, target: String)
    /// `--keep-manifest` with a format or target that packs no spin.toml (`packing` names which).
    case keepManifestNotUsed(packing: String)
    /// A `files` destination that leaves the component's root, found while repacking its files.
    case destinationOutsideComponent(component: String, destination: String)
    /// The target's runtime would not start the app (`--skip-checks` turns this into warnings).
    case check(CheckFailure)
    case manifest(SpinManifestError)
    case archive(ArchiveError)
    case layout(LayoutError)

    public var description: String {
        switch self {
        case .inputNotFound(let path):
            return "'\(path)' does not exist; pass an app directory, a spin.toml or (with --format wasm-to-oci or wasm) a .wasm file"
        case .moduleOptionNotFound(let path):
            return "--module '\(path)' does not exist; give the .wasm file's path from the current folder"
        case .moduleNeedsWasmToOCI(let path):
            return "'\(path)' is a bare module; a Spin image needs a spin.toml, so pass the app directory, use --format wasm-to-oci or wasm, or choose a module target (--target lunatic)"
        case .notAWasmModule(let path):
            return "'\(path)' is not a WebAssembly module (it does not start with \\0asm); build it first or fix the path"
        case .notARegularFile(let path, let kind):
            return "'\(path)' is a \(kind), not a regular file; pass the .wasm module file itself"
        case .cannotReadInput(let path, let code):
            return "cannot read '\(path)': \(String(cString: strerror(code)))"
        case .componentRequired(let manifest, let ids):
            return "\(manifest) has several components and --format wasm-to-oci or wasm holds one module; choose one with --component (\(ids.joined(separator: ", ")))"
        case .unknownComponent(let manifest, let id, let ids):
            return "\(manifest) has no component '\(id)'; its components are: \(ids.joined(separator: ", "))"
        case .componentNotLocal(let manifest, let id):
            return "\(manifest): component '\(id)' has a remote source; --format wasm-to-oci or wasm needs a local .wasm file (download it and point source at it)"
        case .remoteSourceNotPacked(let manifest, let id):
            return "\(manifest): component '\(id)' has a remote or registry source; --format spin packs the Wasm itself but did not download it (--no-remote, or CI=true): drop --no-remote, or download the file beside spin.toml and set source = \"<file>.wasm\""
        case .remoteSourceChanged(let url, let path, let expected):
            return "'\(path)' (downloaded from \(url)) no longer has digest \(expected); delete it and build again"
        case .spinFormatUnsupported(let manifest, let what):
            return "\(manifest): --format spin does not support \(what) yet; use --format image"
        case .componentOptionWithoutApp(let path):
            return "--component needs an app with a spin.toml, but '\(path)' is a single module; drop --component"
        case .manifestPathTaken(let manifest):
            return "\(manifest): the app also packs a file named spin.toml, which would replace the manifest at /spin.toml in the image; rename that file"
        case .invalidTag(let tag):
            return "invalid tag '\(tag)': use up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'"
        case .targetContradiction(let option, let value, let target, let expected):
            return "\(option) \(value) contradicts --target \(target), which needs \(expected); drop \(option) or choose another target (wasmpack targets)"
        case .manifestNotConvertible(let manifest, let key, let target, let reason):
            return "\(manifest): \(key) cannot be written for --target \(target): \(reason) (or choose --target spin-shim-v2 or spinkube)"
        case .slightfileMissing(let folder):
            return "'\(folder)' has no slightfile.toml; --target slight needs the folder with slightfile.toml and the module (or pass the slightfile.toml)"
        case .workerTreeNeedsFolder(let path):
            return "'\(path)' is not a folder; --target wws packs the folder of workers (wws serves the tree at /)"
        case .noWorkers(let folder):
            return "'\(folder)' has no worker (.js or .wasm outside public/ and .wws/); wws would serve nothing, so check the path"
        case .moduleChoiceNeeded(let folder, let target, let found):
            let what = found.isEmpty ? "no .wasm file" : "several .wasm files (\(found.joined(separator: ", ")))"
            return "'\(folder)' has \(what); --target \(target) packs one module, so name it with --module PATH"
        case .invalidEntrypoint(let entrypoint):
            return "invalid --entrypoint '\(entrypoint)': give the module's path in the image, e.g. /app.wasm (optionally /app.wasm#function)"
        case .moduleOptionNotUsed(let target):
            return "--module is for targets that pack one module (slight, lunatic); --target \(target) reads its files from the app, so drop --module"
        case .directMountUnsupported(let manifest, let component, let problem, let target):
            return "\(manifest): component '\(component)' \(problem.what) (key \(problem.key)), and the Spin shim of --target \(target) refuses it at start (\"\(problem.shimMessage)\"); drop --keep-manifest so wasmpack packs the component's files into one directory mount"
        case .keepManifestNotUsed(let packing):
            return "--keep-manifest keeps a Spin app's spin.toml and files as written, but \(packing) packs no spin.toml; drop --keep-manifest"
        case .destinationOutsideComponent(let component, let destination):
            return "component '\(component)': files destination '\(destination)' leaves the component's root; use an absolute path without '..'"
        case .wasmNotReadable(let error):
            return error.description + "; --format wasm reads the module or component to write its config, so pass a valid .wasm file"
        case .check(let failure): return failure.description + ", or pass --skip-checks"
        case .manifest(let error): return error.description
        case .archive(let error): return error.description
        case .layout(let error): return error.description
        }
    }
}
