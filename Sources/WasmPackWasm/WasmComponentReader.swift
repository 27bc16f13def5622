/// Reads a component's sections after its preamble: imports and exports in full (with the
/// functions of instance imports and exports where the type section says them), nested modules
/// and components recursively up to `limits.nestingDepth`, everything else skipped by size.
// component-model design/mvp/Binary.md "Component Definitions"
struct WasmComponentReader {
    let cursor: WasmCursor
    /// How many components enclose this one.
    let depth: Int

    private var types: WasmComponentTypeReader { WasmComponentTypeReader(cursor: cursor) }

    static let modulePreamble: [UInt8] = WasmBinaryKind.magic + [0x01, 0x00, 0x00, 0x00]
    static let componentPreamble: [UInt8] = WasmBinaryKind.magic + [UInt8(WasmBinaryKind.componentVersion), 0x00, 0x01, 0x00]

    func read() throws(WasmReadError) -> WasmComponent {
        var component = WasmComponent()
        var spaces = WasmComponentIndexSpaces()
        while try cursor.hasMore() {
            let start = cursor.position
            let section = try WasmSectionHeader(cursor, names: Self.sectionNames)
            switch section.id {
            case 0:
                component.customSections.append(try section.readCustomName(cursor))
            case 1:
                try cursor.retain(WasmReaderLimits.entryCost)
                try readPreamble(Self.modulePreamble, of: "a nested core module")
                component.modules.append(try WasmModuleReader(cursor: cursor).read())
                try cursor.leave(restoring: section.outer, what: section.name)
            case 4:
                guard depth < cursor.limits.nestingDepth else {
                    throw .nestedTooDeeply(offset: start, limit: cursor.limits.nestingDepth)
                }
                try cursor.retain(WasmReaderLimits.entryCost)
                try readPreamble(Self.componentPreamble, of: "a nested component")
                let nested = try WasmComponentReader(cursor: cursor, depth: depth + 1).read()
                component.components.append(nested)
                spaces.addComponent(.members(nested.exports.map { WasmComponentMember(name: $0.name.description, kind: $0.kind) }))
                try cursor.leave(restoring: section.outer, what: section.name)
            case 5, 6, 7:
                // Followed only to line up type and instance indices: a form this reader does not
                // know (a newer proposal) loses the function lists, not the imports and exports.
                do throws(WasmReadError) {
                    try follow(section: section.id, spaces: &spaces)
                    try cursor.leave(restoring: section.outer, what: section.name)
                } catch {
                    switch error {
                    case .truncated, .unreadable, .limitExceeded: throw error
                    default:
                        spaces.stopFollowing()
                        try cursor.skipRegion(restoring: section.outer, what: section.name)
                    }
                }
            case 10:
                for _ in 0..<(try cursor.count("imports")) {
                    component.imports.append(try readImport(spaces: &spaces))
                }
                try cursor.leave(restoring: section.outer, what: section.name)
            case 11:
                for _ in 0..<(try cursor.count("exports")) {
                    component.exports.append(try readExport(spaces: &spaces))
                }
                try cursor.leave(restoring: section.outer, what: section.name)
            default:
                try cursor.skipRegion(restoring: section.outer, what: section.name)
            }
        }
        return component
    }

    /// `import ::= nameattributes externtype`.
    private func readImport(spaces: inout WasmComponentIndexSpaces) throws(WasmReadError) -> WasmComponentImport {
        guard let name = try types.readName(keep: true, "an import name") else { throw .truncated(offset: cursor.position, what: "an import name") }
        let type = try WasmComponentExternType.read(cursor, "import '\(WasmReadError.excerpt(name.description))'")
        var members: [WasmComponentMember]?
        switch type.kind {
        case .instance:
            let entry = type.typeIndex.map { spaces.type($0) } ?? .unknown
            spaces.addInstance(entry)
            members = WasmComponentIndexSpaces.members(entry)
        case .type:
            spaces.addType(type.typeIndex.map { spaces.type($0) } ?? .unknown)
        case .component:
            spaces.addComponent(.unknown)
        default:
            break
        }
        try cursor.retain(WasmReaderLimits.entryCost)
        return WasmComponentImport(name: name, kind: type.kind, members: members)
    }

    /// `export ::= nameattributes sortidx externtype?`.
    private func readExport(spaces: inout WasmComponentIndexSpaces) throws(WasmReadError) -> WasmComponentExport {
        guard let name = try types.readName(keep: true, "an export name") else { throw .truncated(offset: cursor.position, what: "an export name") }
        let sortOffset = cursor.position
        let sort = try WasmComponentSort.read(cursor, "the sort of export '\(WasmReadError.excerpt(name.description))'")
        guard let kind = sort.kind else {
            // Components export core modules only, no other core sort.
            let byte: UInt8 = if case .core(let core) = sort { core } else { 0 }
            throw .unexpectedByte(offset: sortOffset + 1, byte: byte, what: "the sort of export '\(WasmReadError.excerpt(name.description))'")
        }
        let index = try cursor.u32("the index of export '\(WasmReadError.excerpt(name.description))'")
        var ascribed: WasmComponentExternType?
        let optionOffset = cursor.position
        switch try cursor.byte("the type of export '\(WasmReadError.excerpt(name.description))'") {
        case 0x00: break
        case 0x01: ascribed = try WasmComponentExternType.read(cursor, "export '\(WasmReadError.excerpt(name.description))'")
        case let other: throw .unexpectedByte(offset: optionOffset, byte: other, what: "the type of export '\(WasmReadError.excerpt(name.description))'")
        }
        var members: [WasmComponentMember]?
        switch kind {
        case .instance:
            // An ascribed instance type says what the export offers; otherwise its definition does.
            let entry = ascribed?.typeIndex.map { spaces.type($0) } ?? spaces.instance(index)
            spaces.addInstance(entry)
            members = WasmComponentIndexSpaces.members(entry)
        case .type:
            spaces.addType(spaces.type(index))
        case .component:
            spaces.addComponent(spaces.component(index))
        default:
            break
        }
        try cursor.retain(WasmReaderLimits.entryCost)
        return WasmComponentExport(name: name, kind: kind, index: index, members: members)
    }

    /// Instance (5), alias (6) and type (7) sections: each entry adds to an index space.
    private func follow(section id: UInt8, spaces: inout WasmComponentIndexSpaces) throws(WasmReadError) {
        switch id {
        case 5:
            for _ in 0..<(try cursor.count("instances")) {
                let offset = cursor.position
                switch try cursor.byte("an instance definition") {
                case 0x00:
                    // instantiate: the instance exports what the instantiated component exports.
                    let instantiated = try cursor.u32("an instantiated component")
                    for _ in 0..<(try cursor.count("instantiation arguments")) {
                        try cursor.skipName("an instantiation argument name")
                        _ = try WasmComponentSort.read(cursor, "an instantiation argument")
                        _ = try cursor.u32("an instantiation argument")
                    }
                    spaces.addInstance(spaces.component(instantiated))
                case 0x01:
                    var members: [WasmComponentMember] = []
                    for _ in 0..<(try cursor.count("instance exports")) {
                        guard let name = try types.readName(keep: true, "an instance export name") else { continue }
                        let sort = try WasmComponentSort.read(cursor, "the sort of instance export '\(WasmReadError.excerpt(name.description))'")
                        _ = try cursor.u32("the index of instance export '\(WasmReadError.excerpt(name.description))'")
                        if let kind = sort.kind { members.append(WasmComponentMember(name: name.description, kind: kind)) }
                    }
                    spaces.addInstance(.members(members))
                case let other:
                    throw .unexpectedByte(offset: offset, byte: other, what: "an instance definition")
                }
                try cursor.retain(WasmReaderLimits.entryCost)
            }
        case 6:
            for _ in 0..<(try cursor.count("aliases")) {
                switch try types.readAlias() {
                case .type: spaces.addType(.unknown)
                case .instance: spaces.addInstance(.unknown)
                case .component: spaces.addComponent(.unknown)
                default: break
                }
                try cursor.retain(WasmReaderLimits.entryCost)
            }
        default:
            for _ in 0..<(try cursor.count("types")) {
                spaces.addType(try types.readDefinition(depth: 0))
                try cursor.retain(WasmReaderLimits.entryCost)
            }
        }
    }

    /// Reads the 8-byte preamble a nested module or component starts with and checks it.
    private func readPreamble(_ expected: [UInt8], of what: String) throws(WasmReadError) {
        let start = cursor.position
        let bytes = try cursor.bytes(expected.count, what: "the preamble of \(what)")
        if let index = bytes.indices.first(where: { bytes[$0] != expected[$0] }) {
            throw .unexpectedByte(offset: start + index, byte: bytes[index], what: "the preamble of \(what)")
        }
    }

    static let sectionNames = [
        "custom section", "core module section", "core instance section", "core type section", "component section",
        "instance section", "alias section", "type section", "canon section", "start section", "import section",
        "export section", "value section",
    ]
}
