import WasmPackOCI
import WasmPackRegistry

extension CommandResult {
    /// A manifest in a registry, the shape push, pull, copy, `digest`, `tag` (`tags` = the tags
    /// added) and `delete` (`deleted`) share. Plain output: `registry/repository@digest`, or the
    /// digest alone for `digest`.
    init(_ command: String, reference: Reference, manifest: Descriptor, tags: [String]? = nil) {
        self.init(command: command)
        self.reference = reference.description
        let pinned = Self.ref(reference, manifest.digest)
        ref = pinned
        digest = manifest.digest
        mediaType = manifest.mediaType
        size = manifest.size
        self.tags = tags
        lines = [command == "digest" ? manifest.digest.description : pinned]
        // A look-up changes nothing: no step summary.
        summarised = command != "digest"
        if command == "delete" { deleted = true }
    }

    /// `wasmpack copy`: the push shape with the source after the reference, and each blob copied,
    /// found at the destination or mounted there.
    init(copy result: CopyResult, from source: Reference, to destination: Reference) {
        self.init("copy", reference: destination, manifest: result.manifest, tags: result.tags)
        self.source = source.description
        blobs = result.blobs.map { blob in
            let outcome: Blob.Outcome = switch blob.outcome {
            case .copied: .copied
            case .existed: .existed
            case .mounted: .mounted
            }
            return Blob(descriptor: blob.descriptor, outcome: outcome)
        }
    }

    /// `wasmpack tags`: the repository and its tags; plain output is one tag per line.
    init(tags: [String], of repository: Reference) {
        self.init(command: "tags")
        self.repository = repository.name
        self.tags = tags
        lines = tags
        summarised = false
    }
}
