/// Reads a core module's sections after its preamble: imports, exports and custom section names
/// in full, every other section skipped by its size.
// https://webassembly.github.io/spec/core/binary/modules.html#sections
struct WasmModuleReader {
    let cursor: WasmCursor

    /// Reads sections until the current region (the whole input, or a component's module section) ends.
    func read() throws(WasmReadError) -> WasmModule {
        var module = WasmModule()
        while try cursor.hasMore() {
            let section = try WasmSectionHeader(cursor, names: Self.sectionNames)
            switch section.id {
            case 0:
                module.customSections.append(try section.readCustomName(cursor))
            case 2:
                for _ in 0..<(try cursor.count("imports")) {
                    module.imports.append(try readImport())
                }
                try cursor.leave(restoring: section.outer, what: section.name)
            case 7:
                for _ in 0..<(try cursor.count("exports")) {
                    let name = try cursor.name("an export name")
                    let tagOffset = cursor.position
                    let tag = try cursor.byte("the kind of export '\(WasmReadError.excerpt(name))'")
                    guard let kind = WasmModuleExternKind(tag: tag) else {
                        throw .unexpectedByte(offset: tagOffset, byte: tag, what: "the kind of export '\(WasmReadError.excerpt(name))'")
                    }
                    let index = try cursor.u32("the index of export '\(WasmReadError.excerpt(name))'")
                    module.exports.append(WasmModuleExport(name: name, kind: kind, index: index))
                }
                try cursor.leave(restoring: section.outer, what: section.name)
            default:
                try cursor.skipRegion(restoring: section.outer, what: section.name)
            }
        }
        return module
    }

    /// `import ::= module:name name:name importdesc`.
    func readImport() throws(WasmReadError) -> WasmModuleImport {
        let module = try cursor.name("an import module name")
        let name = try cursor.name("an import name")
        let kind = try readExternType(of: "import '\(WasmReadError.excerpt(module + "::" + name))'")
        return WasmModuleImport(module: module, name: name, kind: kind)
    }

    /// `importdesc` / core `externtype`: the tag and what follows it, read only to get past it.
    func readExternType(of what: @autoclosure () -> String) throws(WasmReadError) -> WasmModuleExternKind {
        let tagOffset = cursor.position
        let tag = try cursor.byte("the kind of \(what())")
        guard let kind = WasmModuleExternKind(tag: tag) else {
            throw .unexpectedByte(offset: tagOffset, byte: tag, what: "the kind of \(what())")
        }
        switch kind {
        case .function:
            _ = try cursor.u32("the type index of \(what())")
        case .table:
            try readValueType("the element type of \(what())")
            try readLimits(of: what())
        case .memory:
            try readLimits(of: what())
        case .global:
            try readValueType("the type of \(what())")
            let offset = cursor.position
            let mutability = try cursor.byte("the mutability of \(what())")
            // 0x02 marks a shared global (shared-everything threads).
            guard mutability <= 0x03 else { throw .unexpectedByte(offset: offset, byte: mutability, what: "the mutability of \(what())") }
        case .tag:
            let offset = cursor.position
            let attribute = try cursor.byte("the attribute of \(what())")
            guard attribute == 0x00 else { throw .unexpectedByte(offset: offset, byte: attribute, what: "the attribute of \(what())") }
            _ = try cursor.u32("the type index of \(what())")
        }
        return kind
    }

    /// `limits`: a flags byte (max present, shared, 64-bit, custom page size), then the numbers.
    private func readLimits(of what: @autoclosure () -> String) throws(WasmReadError) {
        let offset = cursor.position
        let flags = try cursor.byte("the limits of \(what())")
        guard flags & ~0x0f == 0 else { throw .unexpectedByte(offset: offset, byte: flags, what: "the limits of \(what())") }
        let is64 = flags & 0x04 != 0
        let count = flags & 0x01 != 0 ? 2 : 1
        for _ in 0..<count {
            if is64 { _ = try cursor.u64("the limits of \(what())") } else { _ = try cursor.u32("the limits of \(what())") }
        }
        if flags & 0x08 != 0 { _ = try cursor.u32("the page size of \(what())") }
    }

    /// A core value type: a number or vector type, or a reference type (abbreviated, or `ref null?`
    /// with a heap type), as in Wasm 3.0.
    // https://webassembly.github.io/spec/core/binary/types.html#value-types
    func readValueType(_ what: @autoclosure () -> String) throws(WasmReadError) {
        let offset = cursor.position
        let byte = try cursor.byte(what())
        switch byte {
        case 0x7b...0x7f, Self.abbreviatedReferenceTypes:
            return
        case 0x63, 0x64:
            try readHeapType(what())
        default:
            throw .unexpectedByte(offset: offset, byte: byte, what: what())
        }
    }

    /// Abstract heap types and the abbreviated reference types share these bytes
    /// (0x68 cont … 0x75 nocont, 0x69 exn, 0x70 func, 0x6f extern, …).
    static let abbreviatedReferenceTypes: ClosedRange<UInt8> = 0x68...0x75

    /// `heaptype ::= (0x65 shared)? absheaptype | typeidx (s33, non-negative)`.
    private func readHeapType(_ what: @autoclosure () -> String) throws(WasmReadError) {
        var offset = cursor.position
        var byte = try cursor.peek(what())
        if byte == 0x65 {
            _ = try cursor.byte(what())
            offset = cursor.position
            byte = try cursor.byte(what())
            guard Self.abbreviatedReferenceTypes.contains(byte) else { throw .unexpectedByte(offset: offset, byte: byte, what: what()) }
            return
        }
        if Self.abbreviatedReferenceTypes.contains(byte) {
            _ = try cursor.byte(what())
            return
        }
        _ = try cursor.typeIndex(what())
    }

    static let sectionNames = [
        "custom section", "type section", "import section", "function section", "table section", "memory section",
        "global section", "export section", "start section", "element section", "code section", "data section",
        "data count section", "tag section",
    ]
}
