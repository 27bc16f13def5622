import WasmPackOCI

extension RuntimeTarget {
    /// The target a build with `options` is for, or nil for a wasm-to-oci artifact (no runtime
    /// target pulls that format). An option the target's runtime cannot use is an error naming
    /// both, so a build never silently makes an image its runtime will not start.
    public static func resolve(_ options: BuildOptions) throws(BuildError) -> RuntimeTarget? {
        if let target = options.target {
            try target.checkAccepts(options.format)
            if let platform = options.platform, !target.platforms.contains(platform) {
                throw .targetContradiction(
                    option: "--platform", value: platform.description, target: target.name,
                    expected: target.platforms.map(\.description).joined(separator: " or "))
            }
        }
        // The Spin registry format runs on the Spin shims: it gets a target and that target's checks.
        if options.format == .spin {
            if let entrypoint = options.entrypoint {
                throw .targetContradiction(option: "--entrypoint", value: entrypoint, target: "(none)", expected: "an image format")
            }
            if options.keepManifest { throw .keepManifestNotUsed(packing: "--format spin") }
            let target = options.target ?? .default
            try target.checkAccepts(.spin)
            return target
        }
        guard options.format == .image else {
            if let entrypoint = options.entrypoint {
                throw .targetContradiction(option: "--entrypoint", value: entrypoint, target: "(none)", expected: "an image format")
            }
            if options.keepManifest { throw .keepManifestNotUsed(packing: "--format \(options.format.rawValue)") }
            return nil
        }
        let target = options.target ?? .default
        if let entrypoint = options.entrypoint, !target.readsEntrypoint {
            throw .targetContradiction(
                option: "--entrypoint", value: entrypoint, target: target.name,
                expected: "no Entrypoint (its runtime ignores it)")
        }
        if options.module != nil, case .spinApp = target.layout { throw .moduleOptionNotUsed(target: target.name) }
        // --keep-manifest chooses how a Spin app's spin.toml and files are packed; nothing else has one.
        if options.keepManifest, !target.layout.readsSpinManifest { throw .keepManifestNotUsed(packing: "--target \(target.name)") }
        return target
    }

    /// Throws when the runtime cannot pull `format`, naming what it pulls and why not.
    func checkAccepts(_ format: BuildFormat) throws(BuildError) {
        let accepted = [self.format] + otherFormats
        guard accepted.contains(format) else {
            var expected = accepted.map { "--format \($0.rawValue)" }.joined(separator: " or ")
            if let reason = formatNotes[format] { expected += " (\(reason))" }
            throw .targetContradiction(option: "--format", value: format.rawValue, target: name, expected: expected)
        }
    }
}
