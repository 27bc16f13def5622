import Testing
import WasmPackWasm

@Suite("Wasm reader: bad input")
struct BadInputTests {
    static func error(_ bytes: [UInt8], limits: WasmReaderLimits = .default) -> WasmReadError? {
        do {
            _ = try WasmBinary(parsing: bytes, limits: limits)
            return nil
        } catch {
            return error
        }
    }

    @Test func aFileThatIsNotWasmSaysSoWithItsFirstBytes() throws {
        let error = Self.error(try Fixtures.bytes("not-wasm.js"))
        #expect(error == .notWasm(prefix: Array("console.".utf8)))
        #expect(error?.description == "not a WebAssembly binary: it starts with 63 6f 6e 73 6f 6c 65 2e, not the magic 00 61 73 6d ('\\0asm'); give a compiled .wasm module or component")
        #expect(Self.error([])?.description.contains("it is empty") == true)
    }

    @Test func webAssemblyTextIsToldApartFromOtherNonWasm() throws {
        #expect(Self.error(try Fixtures.bytes("wagi-preview1.wat")) == .webAssemblyText)
        #expect(Self.error(Array("  (component)".utf8)) == .webAssemblyText)
    }

    @Test(arguments: [UInt16(0x0a), 0x0b, 0x0c, 0x0e])
    func preReleaseAndNewerComponentVersionsAreNamed(version: UInt16) {
        let error = Self.error(WasmBinaryKind.magic + [UInt8(version), 0x00, 0x01, 0x00])
        #expect(error == .unsupportedComponentVersion(version))
        #expect(error?.description.hasPrefix("component with unsupported version 0x\(String(version, radix: 16)), ") == true)
    }

    @Test func preambleVersionsOtherThanModuleOneAndComponentThirteenAreRefused() {
        #expect(Self.error(WasmBinaryKind.magic + [0x02, 0, 0, 0]) == .unsupportedModuleVersion(2))
        #expect(Self.error(WasmBinaryKind.magic + [0x0d, 0, 0x02, 0]) == .unknownLayer(2, version: 0x0d))
        #expect(Self.error(WasmBinaryKind.magic + [0x01, 0]) == .truncated(offset: 6, what: "the wasm preamble (magic and version)"))
    }

    @Test func preambleAloneIdentifiesTheKind() throws {
        #expect(try WasmBinaryKind(parsingPreamble: Fixtures.bytes("wagi-preview1.wasm")) == .module)
        #expect(try WasmBinaryKind(parsingPreamble: Fixtures.bytes("nested.component.wasm")) == .component)
    }

    /// Top-level section boundaries of a well-formed binary: where a prefix is itself complete.
    static func sectionBoundaries(_ bytes: [UInt8]) -> Set<Int> {
        var boundaries: Set<Int> = [8]
        var position = 8
        while position < bytes.count {
            position += 1
            var size = 0
            var shift = 0
            while true {
                let byte = bytes[position]
                position += 1
                size |= Int(byte & 0x7f) << shift
                shift += 7
                if byte & 0x80 == 0 { break }
            }
            position += size
            boundaries.insert(position)
        }
        return boundaries
    }

    @Test(arguments: Fixtures.binaries)
    func everyPrefixOfAFixtureIsAnErrorUnlessItEndsBetweenSections(name: String) throws {
        let bytes = try Fixtures.bytes(name)
        let boundaries = Self.sectionBoundaries(bytes)
        #expect(boundaries.contains(bytes.count))
        var errors = 0
        for length in 0..<bytes.count {
            let error = Self.error(Array(bytes[0..<length]))
            if boundaries.contains(length) {
                #expect(error == nil, "prefix of \(length) bytes ends between sections: \(String(describing: error))")
            } else {
                #expect(error != nil, "prefix of \(length) bytes of \(name) was accepted")
                errors += 1
            }
            if let error { #expect(!error.description.contains("\n")) }
        }
        #expect(errors >= bytes.count - boundaries.count - 1)
    }

    /// SplitMix64: the same corruptions on every run.
    struct SeededBytes {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            var z = state
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: Fixtures.binaries)
    func corruptedFixturesNeverCrashTheReader(name: String) throws {
        let original = try Fixtures.bytes(name)
        var random = SeededBytes(state: 0x7761_736d ^ UInt64(original.count))
        var rejected = 0
        for round in 0..<600 {
            var bytes = original
            // 1–4 bytes overwritten, in the preamble only on a few rounds so most runs get past it.
            for _ in 0...(Int(random.next() % 4)) {
                let lower = round % 10 == 0 ? 0 : 8
                let index = lower + Int(random.next() % UInt64(bytes.count - lower))
                bytes[index] = UInt8(truncatingIfNeeded: random.next())
            }
            if let error = Self.error(bytes) {
                rejected += 1
                #expect(!error.description.contains("\n"))
            }
        }
        #expect(rejected > 0)
    }

    @Test func lebIntegersLongerThanTheirTypeAreRejected() {
        // Section size written with 6 bytes; then with a fifth byte using bits beyond 32.
        let module = WasmBinaryKind.magic + [1, 0, 0, 0]
        #expect(Self.error(module + [0x00, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00]) == .integerTooLarge(offset: 9, what: "the size of the custom section"))
        #expect(Self.error(module + [0x00, 0x80, 0x80, 0x80, 0x80, 0x10]) == .integerTooLarge(offset: 9, what: "the size of the custom section"))
    }

    @Test func aSectionLongerThanTheInputIsTruncationNotACrash() {
        let module = WasmBinaryKind.magic + [1, 0, 0, 0]
        // An import section claiming 4 GiB - 1 bytes with one byte present.
        let error = Self.error(module + [0x02, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01])
        #expect(error == .truncated(offset: 15, what: "an import module name"))
        // A count far above the bytes in its section fails before anything is allocated.
        #expect(Self.error(module + [0x02, 0x02, 0xff, 0x7f]) == .entryPastSectionEnd(offset: 10, what: "imports"))
    }

    @Test func entriesMayNotRunPastTheirSection() {
        let module = WasmBinaryKind.magic + [1, 0, 0, 0]
        // Export section of 3 bytes whose name claims 5.
        #expect(Self.error(module + [0x07, 0x03, 0x01, 0x05, 0x61]) == .entryPastSectionEnd(offset: 11, what: "an export name"))
        // Export section with one unread byte after its entry.
        #expect(Self.error(module + [0x07, 0x05, 0x01, 0x00, 0x00, 0x00, 0xaa]) == .sectionHasTrailingBytes(offset: 14, section: "the export section", left: 1))
    }

    @Test func unknownSectionsKindsAndInvalidUTF8AreNamedWithTheirOffset() {
        let module = WasmBinaryKind.magic + [1, 0, 0, 0]
        #expect(Self.error(module + [0x0e, 0x00]) == .unknownSection(offset: 8, id: 14))
        #expect(Self.error(module + [0x07, 0x04, 0x01, 0x00, 0x09, 0x00]) == .unexpectedByte(offset: 12, byte: 9, what: "the kind of export ''"))
        let error = Self.error(module + [0x07, 0x05, 0x01, 0x01, 0xff, 0x00, 0x00])
        #expect(error == .invalidUTF8(offset: 11, what: "an export name"))
        #expect(error?.description == "at byte 11: an export name is not valid UTF-8")
    }

    @Test func namesFromTheInputAreEscapedAndShortenedInMessages() {
        // An export named "a\nb" followed by an unknown kind, then one with a 200-character name.
        let module = WasmBinaryKind.magic + [1, 0, 0, 0]
        let newline = Self.error(module + [0x07, 0x06, 0x01, 0x03, 0x61, 0x0a, 0x62, 0x09])
        #expect(newline?.description == "at byte 15: unexpected byte 0x9 in the kind of export 'a\\u{a}b'")
        let long = [UInt8](repeating: 0x78, count: 200)
        let error = Self.error(module + [0x07] + ComponentReaderTests.leb(long.count + 4) + [0x01, 0xc8, 0x01] + long + [0x09])
        #expect(error?.description == "at byte \(module.count + 6 + long.count): unexpected byte 0x9 in the kind of export '\(String(repeating: "x", count: 61))...'")
    }

    @Test func componentsNestedBeyondTheLimitAreRefused() {
        // Component sections nested 40 deep, each holding just the next one.
        var inner: [UInt8] = WasmBinaryKind.magic + [0x0d, 0, 0x01, 0]
        for _ in 0..<40 {
            inner = WasmBinaryKind.magic + [0x0d, 0, 0x01, 0] + [0x04] + ComponentReaderTests.leb(inner.count) + inner
        }
        guard case .nestedTooDeeply(_, let limit) = Self.error(inner) else { Issue.record("accepted"); return }
        #expect(limit == 32)
        #expect(Self.error(inner, limits: WasmReaderLimits(nestingDepth: 64)) == nil)
    }

    @Test func typesNestedBeyondTheLimitAreRefusedWithoutRecursingFurther() {
        // instance type containing a type decl containing an instance type … 10 000 deep: the type
        // section is given up (not a stack overflow) and the reader goes on.
        var type: [UInt8] = [0x42, 0x00]
        for _ in 0..<10_000 { type = [0x42, 0x01, 0x01] + type }
        let bytes = ComponentReaderTests.component(sections: [(7, [0x01] + type)])
        #expect(Self.error(bytes) == nil)
    }

    @Test func resultSizeIsBounded() {
        // 2 000 custom sections with 100-byte names against a 64 KiB limit.
        var bytes = WasmBinaryKind.magic + [1, 0, 0, 0]
        for _ in 0..<2_000 { bytes += [0x00, 101, 100] + [UInt8](repeating: 0x61, count: 100) }
        guard case .limitExceeded(_, _, let limit) = Self.error(bytes, limits: WasmReaderLimits(retainedBytes: 1 << 16)) else {
            Issue.record("accepted")
            return
        }
        #expect(limit == 1 << 16)
        #expect(Self.error(bytes, limits: WasmReaderLimits(nameBytes: 99)) == .limitExceeded(offset: 10, what: "the length of a custom section name", limit: 99))
    }

    @Test func aNestedModuleMustStartWithAModulePreamble() {
        let bytes = ComponentReaderTests.component(sections: [(1, WasmBinaryKind.magic + [0x0d, 0, 0x01, 0])])
        #expect(Self.error(bytes) == .unexpectedByte(offset: 14, byte: 0x0d, what: "the preamble of a nested core module"))
    }
}
