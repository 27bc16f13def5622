/// Reads component type definitions. Type entries carry no size, so getting past one means reading
/// its whole grammar; instance types keep the names of what they export (the functions of an
/// interface), everything else is read and dropped. Nesting is bounded by `limits.nestingDepth`.
// component-model design/mvp/Binary.md "Type Definitions"
struct WasmComponentTypeReader {
    let cursor: WasmCursor

    private var module: WasmModuleReader { WasmModuleReader(cursor: cursor) }

    /// `type ::= deftype`: returns the members of an instance type, `.unknown` for other types.
    func readDefinition(depth: Int) throws(WasmReadError) -> WasmComponentIndexSpaces.Entry {
        try checkDepth(depth)
        let offset = cursor.position
        let opcode = try cursor.byte("a type definition")
        switch opcode {
        case 0x40, 0x43:
            // functype (0x43: async): params, then a result list.
            for _ in 0..<(try cursor.count("function parameters")) {
                try cursor.skipName("a parameter name")
                try Self.readValueType(cursor, "a parameter type")
            }
            let resultOffset = cursor.position
            switch try cursor.byte("a function's results") {
            case 0x00:
                try Self.readValueType(cursor, "a result type")
            case 0x01:
                // `0x01 0x00` today; before component-model #263 a vector of named results.
                for _ in 0..<(try cursor.count("function results")) {
                    try cursor.skipName("a result name")
                    try Self.readValueType(cursor, "a result type")
                }
            case let other:
                throw .unexpectedByte(offset: resultOffset, byte: other, what: "a function's results")
            }
            return .unknown
        case 0x41:
            for _ in 0..<(try cursor.count("component type declarations")) {
                if try cursor.peek("a component type declaration") == 0x03 {
                    _ = try cursor.byte("a component type declaration")
                    _ = try readName(keep: false, "an import declaration name")
                    _ = try WasmComponentExternType.read(cursor, "an import declaration")
                } else {
                    _ = try readInstanceDeclaration(depth: depth)
                }
            }
            return .unknown
        case 0x42:
            var members: [WasmComponentMember] = []
            for _ in 0..<(try cursor.count("instance type declarations")) {
                if let member = try readInstanceDeclaration(depth: depth) { members.append(member) }
            }
            return .members(members)
        case 0x3f:
            // resource: its core representation type and an optional destructor.
            try module.readValueType("a resource representation")
            try readOptional("a resource destructor") { () throws(WasmReadError) in _ = try cursor.u32("a resource destructor") }
            return .unknown
        default:
            try readDefinedValueType(opcode: opcode, offset: offset)
            return .unknown
        }
    }

    /// `instancedecl`: returns the member an export declaration declares.
    private func readInstanceDeclaration(depth: Int) throws(WasmReadError) -> WasmComponentMember? {
        let offset = cursor.position
        let tag = try cursor.byte("an instance type declaration")
        switch tag {
        case 0x00:
            try readCoreType(depth: depth + 1)
        case 0x01:
            _ = try readDefinition(depth: depth + 1)
        case 0x02:
            _ = try readAlias()
        case 0x04:
            let name = try readName(keep: true, "an instance export name")
            let type = try WasmComponentExternType.read(cursor, "instance export '\(WasmReadError.excerpt(name?.description ?? ""))'")
            if let name { return WasmComponentMember(name: name.description, kind: type.kind) }
        default:
            throw .unexpectedByte(offset: offset, byte: tag, what: "an instance type declaration")
        }
        return nil
    }

    /// `defvaltype` after its opcode (records, variants, lists, … and primitive types).
    private func readDefinedValueType(opcode: UInt8, offset: Int) throws(WasmReadError) {
        switch opcode {
        case 0x73...0x7f, 0x64:
            return  // primitive: bool … string, error-context
        case 0x72:
            for _ in 0..<(try cursor.count("record fields")) {
                try cursor.skipName("a record field name")
                try Self.readValueType(cursor, "a record field type")
            }
        case 0x71:
            for _ in 0..<(try cursor.count("variant cases")) {
                try cursor.skipName("a variant case name")
                try readOptional("a variant case type") { () throws(WasmReadError) in try Self.readValueType(cursor, "a variant case type") }
                let refinesOffset = cursor.position
                switch try cursor.byte("a variant case") {
                case 0x00: break
                case 0x01: _ = try cursor.u32("a variant case refinement")  // pre-2023 binaries
                case let other: throw .unexpectedByte(offset: refinesOffset, byte: other, what: "a variant case")
                }
            }
        case 0x70, 0x6b:
            try Self.readValueType(cursor, "an element type")  // list, option
        case 0x67:
            try Self.readValueType(cursor, "an element type")
            _ = try cursor.u32("a fixed list length")
        case 0x6f, 0x6c:
            for _ in 0..<(try cursor.count("tuple types")) { try Self.readValueType(cursor, "a tuple type") }  // tuple, pre-2023 union
        case 0x6e, 0x6d:
            for _ in 0..<(try cursor.count("flag or enum labels")) { try cursor.skipName("a flag or enum label") }
        case 0x6a:
            try readOptional("a result's ok type") { () throws(WasmReadError) in try Self.readValueType(cursor, "a result's ok type") }
            try readOptional("a result's error type") { () throws(WasmReadError) in try Self.readValueType(cursor, "a result's error type") }
        case 0x69, 0x68:
            _ = try cursor.u32("a resource handle's type")  // own, borrow
        case 0x66, 0x65:
            try readOptional("a stream or future payload") { () throws(WasmReadError) in try Self.readValueType(cursor, "a stream or future payload") }
        case 0x63:
            try Self.readValueType(cursor, "a map key type")
            try Self.readValueType(cursor, "a map value type")
        default:
            throw .unexpectedByte(offset: offset, byte: opcode, what: "a type definition")
        }
    }

    /// `valtype ::= primvaltype | typeidx` (a non-negative s33).
    static func readValueType(_ cursor: WasmCursor, _ what: @autoclosure () -> String) throws(WasmReadError) {
        let byte = try cursor.peek(what())
        if (0x73...0x7f).contains(byte) || byte == 0x64 {
            _ = try cursor.byte(what())
            return
        }
        _ = try cursor.typeIndex(what())
    }

    /// `<T>? ::= 0x00 | 0x01 T`.
    private func readOptional(_ what: @autoclosure () -> String, _ body: () throws(WasmReadError) -> Void) throws(WasmReadError) {
        let offset = cursor.position
        switch try cursor.byte(what()) {
        case 0x00: return
        case 0x01: try body()
        case let other: throw .unexpectedByte(offset: offset, byte: other, what: what())
        }
    }

    /// `alias ::= sort (0x00 instanceidx name | 0x01 core:instanceidx name | 0x02 ct idx)`: returns its sort.
    func readAlias() throws(WasmReadError) -> WasmComponentSort {
        let sort = try WasmComponentSort.read(cursor, "the sort of an alias")
        let offset = cursor.position
        switch try cursor.byte("an alias target") {
        case 0x00, 0x01:
            _ = try cursor.u32("an alias target instance")
            try cursor.skipName("an alias target name")
        case 0x02:
            _ = try cursor.u32("an outer alias count")
            _ = try cursor.u32("an outer alias index")
        case let other:
            throw .unexpectedByte(offset: offset, byte: other, what: "an alias target")
        }
        return sort
    }

    /// `nameattributes`: 0x00/0x01 name, or 0x02 name and attributes. With `keep` false, nothing
    /// is kept (and nil returned).
    func readName(keep: Bool, _ what: @autoclosure () -> String) throws(WasmReadError) -> WasmExternName? {
        let offset = cursor.position
        let tag = try cursor.byte(what())
        guard tag <= 0x02 else { throw .unexpectedByte(offset: offset, byte: tag, what: what()) }
        var result: WasmExternName?
        if keep { result = WasmExternName(try cursor.name(what())) } else { try cursor.skipName(what()) }
        guard tag == 0x02 else { return result }
        for _ in 0..<(try cursor.count("name attributes")) {
            let attributeOffset = cursor.position
            let attribute = try cursor.byte("a name attribute")
            switch attribute {
            case 0x00 where keep: result?.implements = try cursor.name("an 'implements' attribute")
            case 0x01 where keep: result?.versionSuffix = try cursor.name("a 'versionsuffix' attribute")
            case 0x00, 0x01, 0x02: try cursor.skipName("a name attribute")
            default: throw .unexpectedByte(offset: attributeOffset, byte: attribute, what: "a name attribute")
            }
        }
        return result
    }

    // MARK: - Core types inside component types

    /// `core:type`: a module type (0x50), a non-final sub type (0x00 0x50), or a rec group.
    private func readCoreType(depth: Int) throws(WasmReadError) {
        try checkDepth(depth)
        let offset = cursor.position
        switch try cursor.peek("a core type") {
        case 0x00:
            _ = try cursor.byte("a core type")
            let subOffset = cursor.position
            let sub = try cursor.byte("a core sub type")
            guard sub == 0x50 else { throw .unexpectedByte(offset: subOffset, byte: sub, what: "a core sub type") }
            try readSubTypeBody()
        case 0x50:
            _ = try cursor.byte("a core module type")
            for _ in 0..<(try cursor.count("module type declarations")) {
                let declarationOffset = cursor.position
                switch try cursor.byte("a module type declaration") {
                case 0x00:
                    try cursor.skipName("a module type import module")
                    try cursor.skipName("a module type import name")
                    _ = try module.readExternType(of: "a module type import")
                case 0x01:
                    try readCoreType(depth: depth + 1)
                case 0x02:
                    // `0x10 0x01 ct idx`: an outer alias of a core type.
                    let sortOffset = cursor.position
                    let sort = try cursor.byte("a module type alias")
                    guard sort == 0x10 else { throw .unexpectedByte(offset: sortOffset, byte: sort, what: "a module type alias") }
                    let targetOffset = cursor.position
                    let target = try cursor.byte("a module type alias")
                    guard target == 0x01 else { throw .unexpectedByte(offset: targetOffset, byte: target, what: "a module type alias") }
                    _ = try cursor.u32("an outer alias count")
                    _ = try cursor.u32("an outer alias index")
                case 0x03:
                    try cursor.skipName("a module type export name")
                    _ = try module.readExternType(of: "a module type export")
                case let other:
                    throw .unexpectedByte(offset: declarationOffset, byte: other, what: "a module type declaration")
                }
            }
        case 0x4e:
            _ = try cursor.byte("a core rec group")
            for _ in 0..<(try cursor.count("rec group types")) { try readSubType() }
        default:
            _ = offset
            try readSubType()
        }
    }

    /// `subtype ::= 0x50 vec(typeidx) comptype | 0x4f vec(typeidx) comptype | comptype`.
    private func readSubType() throws(WasmReadError) {
        let byte = try cursor.peek("a core sub type")
        if byte == 0x50 || byte == 0x4f {
            _ = try cursor.byte("a core sub type")
            try readSubTypeBody()
        } else {
            try readCompositeType()
        }
    }

    private func readSubTypeBody() throws(WasmReadError) {
        for _ in 0..<(try cursor.count("super types")) { _ = try cursor.u32("a super type") }
        try readCompositeType()
    }

    /// `comptype`: func (0x60), struct (0x5f), array (0x5e), cont (0x5d), optionally `0x65` shared.
    private func readCompositeType() throws(WasmReadError) {
        let offset = cursor.position
        var opcode = try cursor.byte("a core composite type")
        if opcode == 0x65 { opcode = try cursor.byte("a core composite type") }
        switch opcode {
        case 0x60:
            for _ in 0..<(try cursor.count("core function parameters")) { try module.readValueType("a core parameter type") }
            for _ in 0..<(try cursor.count("core function results")) { try module.readValueType("a core result type") }
        case 0x5f:
            for _ in 0..<(try cursor.count("struct fields")) { try readFieldType() }
        case 0x5e:
            try readFieldType()
        case 0x5d:
            _ = try cursor.typeIndex("a continuation's function type")
        default:
            throw .unexpectedByte(offset: offset, byte: opcode, what: "a core composite type")
        }
    }

    /// `fieldtype ::= storagetype mut`, where storage adds i8 (0x78) and i16 (0x77) to value types.
    private func readFieldType() throws(WasmReadError) {
        let byte = try cursor.peek("a field type")
        if byte == 0x78 || byte == 0x77 {
            _ = try cursor.byte("a field type")
        } else {
            try module.readValueType("a field type")
        }
        let offset = cursor.position
        let mutability = try cursor.byte("a field's mutability")
        guard mutability <= 0x01 else { throw .unexpectedByte(offset: offset, byte: mutability, what: "a field's mutability") }
    }

    private func checkDepth(_ depth: Int) throws(WasmReadError) {
        if depth > cursor.limits.nestingDepth { throw .nestedTooDeeply(offset: cursor.position, limit: cursor.limits.nestingDepth) }
    }
}
