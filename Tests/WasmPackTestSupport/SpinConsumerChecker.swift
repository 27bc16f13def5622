import Foundation

/// Spin's consumer rules (formats.md §2.5, §2.4; spinframework/spin crates/oci/src/client.rs `pull`
/// and loader.rs) applied to a Spin registry artifact in an OCI image layout, written apart from
/// wasmpack's own code (Foundation JSON, coreutils sha256) so that it checks wasmpack rather than
/// repeating it. Returns the broken rules, one line each; empty means Spin would load the app.
public enum SpinConsumerChecker {
    public static func problems(layout: String, tag: String = "latest") throws -> [String] {
        func json(_ data: Data) -> [String: Any]? { try? JSONSerialization.jsonObject(with: data) as? [String: Any] }
        func blob(_ digest: String) -> Data? {
            guard digest.hasPrefix("sha256:"), digest.count == 71, !digest.contains("/") else { return nil }
            return FileManager.default.contents(atPath: layout + "/blobs/sha256/" + digest.dropFirst(7))
        }
        var problems: [String] = []
        guard let index = FileManager.default.contents(atPath: layout + "/index.json").flatMap(json),
              let entries = index["manifests"] as? [[String: Any]] else { return ["index.json is missing or not JSON"] }
        let entry = entries.first { ($0["annotations"] as? [String: String])?["org.opencontainers.image.ref.name"] == tag } ?? entries.first
        guard let manifestDigest = entry?["digest"] as? String, let manifestBytes = blob(manifestDigest),
              let manifest = json(manifestBytes) else { return ["no manifest for tag \(tag)"] }
        guard let configDescriptor = manifest["config"] as? [String: Any], let layers = manifest["layers"] as? [[String: Any]] else {
            return ["the manifest has no config or layers"]
        }

        // Every blob there, with the digest and size its descriptor gives.
        for descriptor in [configDescriptor] + layers {
            let digest = descriptor["digest"] as? String ?? ""
            guard let bytes = blob(digest) else { problems.append("blob \(digest) is missing"); continue }
            if try SpinTestLayout.digest(bytes) != digest { problems.append("blob \(digest) does not hash to its digest") }
            if (descriptor["size"] as? Int) != bytes.count { problems.append("blob \(digest) is not the size its descriptor gives") }
        }

        // Config first (pre-2.0 kept the locked app there), then a locked-app layer overwrites it.
        let lockedType = "application/vnd.fermyon.spin.application.v1+config"
        var lockedDigest = configDescriptor["digest"] as? String ?? ""
        var wasm = Set<String>(), data = Set<String>()
        for layer in layers {
            let mediaType = layer["mediaType"] as? String ?? "", digest = layer["digest"] as? String ?? ""
            switch mediaType {
            case lockedType: lockedDigest = digest
            case "application/vnd.wasm.content.layer.v1+wasm", "application/wasm": wasm.insert(digest)
            case "application/vnd.wasm.content.bundle.v1.tar+gzip":
                data.formUnion(try archiveDigests(blob(digest) ?? Data()))
            default: data.insert(digest)
            }
        }
        guard let locked = blob(lockedDigest).flatMap(json), locked["spin_lock_version"] is Int,
              let components = locked["components"] as? [[String: Any]] else {
            return problems + ["the locked app (\(lockedDigest)) is missing or not a locked app"]
        }
        if lockedDigest != configDescriptor["digest"] as? String {
            let labels = (json(blob(configDescriptor["digest"] as? String ?? "") ?? Data())?["config"] as? [String: Any])?["Labels"] as? [String: String]
            if labels?["com.fermyon.spin.lockedAppDigest"] != lockedDigest {
                problems.append("config label com.fermyon.spin.lockedAppDigest is not the locked layer's digest \(lockedDigest)")
            }
        }
        func safe(_ path: String) -> Bool {
            !path.isEmpty && !path.hasPrefix("/") && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
        }
        for component in components {
            let id = component["id"] as? String ?? ""
            let source = component["source"] as? [String: Any] ?? [:]
            if let digest = source["digest"] as? String {
                if !wasm.contains(digest) { problems.append("component \(id): wasm \(digest) is not a wasm layer") }
            } else {
                problems.append("component \(id): its source has no digest")
            }
            // Spin loads a dependency's wasm the way it loads the component's: only from a wasm layer.
            for (name, dependency) in component["dependencies"] as? [String: Any] ?? [:] {
                let digest = ((dependency as? [String: Any])?["source"] as? [String: Any])?["digest"] as? String
                if let digest {
                    if !wasm.contains(digest) { problems.append("component \(id): dependency \(name) wasm \(digest) is not a wasm layer") }
                } else {
                    problems.append("component \(id): dependency \(name) has no source digest")
                }
            }
            for file in component["files"] as? [[String: Any]] ?? [] {
                let path = file["path"] as? String ?? ""
                if !safe(path) { problems.append("component \(id): file path '\(path)' is not safe to join") }
                if file["inline"] == nil && !data.contains(file["digest"] as? String ?? "") {
                    problems.append("component \(id): file '\(path)' is neither inline nor a data layer")
                }
            }
        }
        return problems
    }

    /// The digests of the regular files in a `…bundle.v1.tar+gzip` layer, unpacked by GNU tar.
    static func archiveDigests(_ archive: Data) throws -> Set<String> {
        let scratch = try WorkDirectory(label: "spin-archive")
        defer { scratch.remove() }
        let file = try scratch.write("layer.tar.gz", archive)
        try FileManager.default.createDirectory(atPath: scratch.path + "/x", withIntermediateDirectories: true)
        _ = try ExternalCommand.run("/usr/bin/tar", ["-xzf", file, "-C", scratch.path + "/x"])
        var digests = Set<String>()
        for name in (FileManager.default.enumerator(atPath: scratch.path + "/x")?.allObjects as? [String]) ?? [] {
            var isDirectory: ObjCBool = false
            let path = scratch.path + "/x/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue,
               let bytes = FileManager.default.contents(atPath: path) {
                digests.insert(try SpinTestLayout.digest(bytes))
            }
        }
        return digests
    }
}
