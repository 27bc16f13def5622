/// Where a component's Wasm comes from.
// formats.md 6.2/6.3: `source` is a path, `{ url, digest }`, or (v2) `{ registry?, package, version }`.
public enum ComponentSource: Sendable, Equatable {
    /// A file in the app directory; it is packed into the image.
    case local(AppFile)
    /// Downloaded by the runtime when the app starts; not packed.
    case remote(url: String, digest: String)
    /// Fetched from a Wasm package registry by the runtime; not packed. A nil registry means the default.
    case registry(registry: String?, package: String, version: String)
}
