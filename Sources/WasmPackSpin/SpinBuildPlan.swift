/// What `spin build` would run for an app: each component's build table, in manifest order, read
/// from the manifest alone (the sources it makes need not exist yet).
public struct SpinBuildPlan: Sendable {
    public struct Component: Sendable, Equatable {
        public let id: String
        /// nil for a component without a `build` table.
        public let build: ComponentBuild?
    }

    /// The manifest's absolute path.
    public let manifest: String
    /// The manifest's directory, which workdirs are relative to.
    public let rootDirectory: String
    /// v1 `[[component]]` order; v2 `[component.*]` order, then inline trigger components.
    public let components: [Component]

    /// The directory a component's commands run in. Spin (`crates/build` `construct_workdir`)
    /// refuses a workdir with a root and otherwise appends it to the app directory as written.
    public func workingDirectory(for build: ComponentBuild) throws(SpinManifestError) -> String {
        guard let workdir = build.workdir, !workdir.isEmpty else { return rootDirectory }
        if workdir.hasPrefix("/") {
            throw .absolutePath(manifest: manifest, key: build.workdirKey, path: workdir)
        }
        return AppDirectory.join(rootDirectory, workdir)
    }
}

extension SpinManifestReader {
    /// Reads the build tables of the app at `path` (an app directory or a manifest), checking the
    /// manifest's schema but no file it names: this runs before the build makes them.
    public func buildPlan(path: String) throws(SpinManifestError) -> SpinBuildPlan {
        let manifestPath = try ManifestFile.locate(path)
        let (_, contents) = try Self.contents(bytes: try ManifestFile.bytes(at: manifestPath), path: manifestPath)
        return SpinBuildPlan(
            manifest: manifestPath,
            rootDirectory: AppDirectory.standardise(manifestPath + "/.."),
            components: contents.components.map { SpinBuildPlan.Component(id: $0.id, build: $0.build) })
    }
}
