/// The validated, sorted member list of a layer: what makes the tar independent of input order.
struct LayerPlan {
    /// Every file and every parent directory once, parents first, in component-wise byte order.
    let members: [LayerMember]

    init(entries: [LayerEntry], directories explicit: [String] = []) throws(ArchiveError) {
        var files: [[[UInt8]]: LayerEntry] = [:]
        var directories: Set<[[UInt8]]> = []
        // Directories asked for by name (an empty mount source must still exist in the image).
        for path in explicit {
            let components = try Self.components(of: path)
            for depth in 1...components.count {
                directories.insert(Array(components[..<depth]))
            }
        }
        for entry in entries {
            let components = try Self.components(of: entry.path)
            guard files.updateValue(entry, forKey: components) == nil else { throw .duplicatePath(entry.path) }
            for depth in 1..<components.count {
                directories.insert(Array(components[..<depth]))
            }
        }
        var members: [LayerMember] = []
        members.reserveCapacity(files.count + directories.count)
        for (components, entry) in files {
            // A tar may not hold `a` as a file and `a/b` below it; extracting it would fail.
            guard !directories.contains(components) else { throw .fileUsedAsDirectory(entry.path) }
            members.append(LayerMember(components: components, kind: .file(sourceFile: entry.sourceFile, permissions: entry.permissions)))
        }
        for components in directories {
            members.append(LayerMember(components: components, kind: .directory))
        }
        self.members = members.sorted(by: LayerMember.precedes)
    }

    /// Splits a layer path into components, rejecting anything that could escape the layer's
    /// root or that tar readers would normalise into a different name.
    static func components(of path: String) throws(ArchiveError) -> [[UInt8]] {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty else { throw .invalidPath(path, reason: "the path is empty") }
        guard bytes.first != UInt8(ascii: "/") else {
            throw .invalidPath(path, reason: "it must be relative (no leading '/')")
        }
        guard !bytes.contains(0) else { throw .invalidPath(path, reason: "it contains a NUL character") }
        let components = bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init)
        for component in components {
            switch component {
            case []:
                throw .invalidPath(path, reason: "it has an empty component ('//' or a trailing '/')")
            case [UInt8(ascii: ".")]:
                throw .invalidPath(path, reason: "it has a '.' component (write 'a/b', not './a/b')")
            case [UInt8(ascii: "."), UInt8(ascii: ".")]:
                throw .invalidPath(path, reason: "it has a '..' component")
            default:
                continue
            }
        }
        return components
    }
}
