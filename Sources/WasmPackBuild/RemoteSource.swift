import WasmPackSpin

/// A component's `source = { url, digest }`: what `--format spin` needs downloaded before it builds.
public struct RemoteSource: Sendable, Hashable {
    public let url: String
    /// As spin.toml writes it, `sha256:<hex>`.
    public let digest: String

    /// The remote sources of the app at `path` (a directory or spin.toml, relative to
    /// `workingDirectory`), in component order; empty when there is no readable manifest (the
    /// build itself then reports why).
    public static func of(path: String, workingDirectory: String) -> [RemoteSource] {
        guard let app = try? SpinManifestReader().read(path: Builder.absolute(path, in: workingDirectory)) else { return [] }
        var seen: Set<RemoteSource> = []
        return app.components.compactMap { component in
            guard case .remote(let url, let digest) = component.source else { return nil }
            let source = RemoteSource(url: url, digest: digest)
            return seen.insert(source).inserted ? source : nil
        }
    }
}
