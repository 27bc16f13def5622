/// A section's id and size (`section_N(B) ::= N:byte size:u32 B`), read and entered as the current
/// region: core modules and components frame their sections the same way, with different ids.
// https://webassembly.github.io/spec/core/binary/modules.html#sections
struct WasmSectionHeader {
    let id: UInt8
    /// `the import section`, for messages.
    let name: String
    /// The region end to restore when the section is done.
    let outer: Int

    /// Reads the header at the cursor (whose region must have bytes left) and enters the section.
    /// `names` are the section names by id; an id past them is an error.
    init(_ cursor: WasmCursor, names: [String]) throws(WasmReadError) {
        let start = cursor.position
        let id = try cursor.byte("a section id")
        guard Int(id) < names.count else { throw .unknownSection(offset: start, id: id) }
        let name = "the \(names[Int(id)])"
        let size = Int(try cursor.u32("the size of \(name)"))
        self.outer = try cursor.enter(size: size, what: name)
        self.id = id
        self.name = name
    }

    /// Custom sections: the name is listed, the contents skipped.
    func readCustomName(_ cursor: WasmCursor) throws(WasmReadError) -> String {
        let name = try cursor.name("a custom section name")
        try cursor.skipRegion(restoring: outer, what: "a custom section")
        return name
    }
}
