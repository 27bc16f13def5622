// Usage: PushFromSwift APP REFERENCE
//   APP        a Spin app folder or its spin.toml
//   REFERENCE  where to push, e.g. 127.0.0.1:5000/hello:v1
// Builds APP into APP/.wasmpack exactly as `wasmpack build` does, pushes it, and prints
// REGISTRY/REPOSITORY@DIGEST on stdout. Credentials come from where `wasmpack push` finds them
// (WASMPACK_USERNAME/WASMPACK_PASSWORD, Docker's config, podman's auth file), else anonymous.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import WasmPackBuild
import WasmPackLayout
import WasmPackOCI
import WasmPackRegistry

/// Messages go to stderr so stdout holds only the result. (`write`, not `fputs`: Swift 6 rejects
/// the global `stderr` as shared mutable state.)
func message(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}

/// Library errors carry their one-line message in `description`; the example only adds the exit.
func fail(_ text: String) -> Never {
    message("error: " + text)
    exit(1)
}

/// One line per blob or manifest pushed, like the CLI's plain progress. `if case` rather than a
/// switch: TransferEvent gains cases (byte progress, pulls) that this program has no line for.
func describe(_ event: TransferEvent) -> String? {
    if case .blobExists(let blob) = event { return "exists   \(blob.digest) \(blob.size) B" }
    if case .blobMounted(let blob, let source) = event { return "mounted  \(blob.digest) from \(source)" }
    if case .blobUploaded(let blob) = event { return "uploaded \(blob.digest) \(blob.size) B" }
    if case .manifestPushed(let digest, let tag) = event { return "pushed   \(digest) as \(tag)" }
    return nil
}

let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 2, let appPath = arguments.first, let referenceText = arguments.last else {
    fail("usage: PushFromSwift APP REFERENCE")
}

let reference: Reference
do { reference = try Reference(parsing: referenceText) } catch { fail(error.description) }
let tag = reference.tag ?? "latest"

// 1. Build: spin.toml and its files -> an OCI image layout (the default target, spinkube).
let built: BuildResult
do {
    built = try Builder().build(
        path: appPath, options: BuildOptions(tags: [tag]),
        workingDirectory: FileManager.default.currentDirectoryPath)
} catch {
    fail(error.description)
}
for warning in built.warnings { message("warning: " + warning) }

// 2. Credentials for the registry, from the same sources the CLI reads.
let credentials: RegistryCredentials
do {
    credentials = try CredentialResolver(environment: ProcessInfo.processInfo.environment)
        .resolve(host: reference.registry, repository: reference.repository, explicit: nil)?
        .credentials ?? .anonymous
} catch {
    fail(error.description)
}

// 3. Push the layout's image under `tag`; progress events go to stderr.
let client = RegistryClient(
    registry: RegistryHost(host: reference.apiHost, plainHTTP: false),
    credentials: credentials, options: RegistryClientOptions())
do {
    let pushed = try Pusher(client: client).push(
        layout: OCILayout(root: built.layout), tag: tag, to: reference,
        progress: { event in if let line = describe(event) { message(line) } })
    print("\(reference.registry)/\(reference.repository)@\(pushed.digest)")
} catch {
    fail(error.description)
}
