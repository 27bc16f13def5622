#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackBuild
import WasmPackOCI
import WasmPackRegistry

extension CommandResult {
    /// `wasmpack build`: the layout written; no registry, so no reference or ref.
    init(build result: BuildResult) {
        self.init(command: "build")
        digest = result.manifest.digest
        mediaType = result.manifest.mediaType
        size = result.manifest.size
        tags = result.tags
        platform = result.platform
        format = result.format.rawValue
        target = result.target
        layout = Self.absolute(result.layout)
        blobs = result.blobs.map { Blob(descriptor: $0, outcome: .written) }
        lines = [result.manifest.digest.description]
    }

    /// `wasmpack push`; `built` when it built the layout first (format and target are then reported).
    init(push result: PushResult, to reference: Reference, layout: String, built: BuildResult?) {
        self.init(
            transfer: "push", reference: reference, manifest: result.manifest, tags: result.tags, platform: result.platform,
            layout: layout, blobs: result.blobs)
        format = built?.format.rawValue
        target = built?.target
    }

    /// `wasmpack pull`.
    init(pull result: PullResult, from reference: Reference) {
        self.init(
            transfer: "pull", reference: reference, manifest: result.manifest, tags: result.tags, platform: result.platform,
            layout: result.layout, blobs: result.blobs)
    }

    /// What push and pull share: a registry reference pinned to the manifest, and a local layout.
    private init(
        transfer command: String, reference: Reference, manifest: Descriptor, tags: [String], platform: Platform?,
        layout: String, blobs: [BlobTransfer]
    ) {
        self.init(command, reference: reference, manifest: manifest, tags: tags)
        self.platform = platform
        self.layout = Self.absolute(layout)
        self.blobs = blobs.map(Self.blob)
    }

    /// `registry/repository@digest`: what scripts pin a deployment to.
    static func ref(_ reference: Reference, _ digest: Digest) -> String {
        "\(reference.registry)/\(reference.repository)@\(digest)"
    }

    static func blob(_ transfer: BlobTransfer) -> Blob {
        let outcome: Blob.Outcome = switch transfer.outcome {
        case .uploaded: .uploaded
        case .existed: .existed
        case .mounted: .mounted
        case .downloaded: .downloaded
        case .present: .present
        }
        return Blob(descriptor: transfer.descriptor, outcome: outcome)
    }

    /// Layout paths are reported absolute, so a metadata file means the same from any directory.
    static func absolute(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: absolute).standardized.path
    }
}
