import WasmPackOCI
import WasmPackRegistry

extension CommandResult {
    /// A manifest in a registry, the shape push, pull, copy, tag and delete share; plain output
    /// is `registry/repository@digest`.
    init(_ command: String, reference: Reference, manifest: Descriptor, tags: [String]? = nil) {
        self.init(command: command)
        self.reference = reference.description
        let pinned = Self.ref(reference, manifest.digest)
        ref = pinned
        digest = manifest.digest
        mediaType = manifest.mediaType
        size = manifest.size
        self.tags = tags
        lines = [pinned]
    }

    /// `wasmpack digest`: the shape without tags; plain output is the digest alone. A look-up
    /// changes nothing, so it adds no step summary.
    init(digest manifest: Descriptor, of reference: Reference) {
        self.init("digest", reference: reference, manifest: manifest)
        lines = [manifest.digest.description]
        summarised = false
    }

    /// `wasmpack tag`: `tags` are the tags added.
    init(tagged manifest: Descriptor, _ reference: Reference, as tags: [String]) {
        self.init("tag", reference: reference, manifest: manifest, tags: tags)
    }

    /// `wasmpack delete`: `deleted` is always true (a failed delete is an error, not a result).
    init(deleted manifest: Descriptor, _ reference: Reference) {
        self.init("delete", reference: reference, manifest: manifest)
        deleted = true
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
