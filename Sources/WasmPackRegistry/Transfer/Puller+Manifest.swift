#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackOCI

extension Puller {
    /// Resolves `reference` (a tag, or a digest that is then checked) to the manifest it names,
    /// without fetching any blob: one GET (bounded, digest checked against Docker-Content-Digest).
    /// A GET rather than a HEAD, because the caller also wants to know what the manifest is.
    public func manifest(_ reference: Reference) throws(RegistryError) -> RemoteManifest {
        try client.ping()
        let fetched = try fetchManifest(reference.tagOrDigest, repository: reference.repository, reference: reference)
        if let pinned = reference.digest, pinned != fetched.descriptor.digest {
            throw .digestMismatch(what: "the manifest of \(reference)", expected: pinned, actual: fetched.descriptor.digest)
        }
        return RemoteManifest(descriptor: fetched.descriptor, bytes: fetched.bytes)
    }
}
