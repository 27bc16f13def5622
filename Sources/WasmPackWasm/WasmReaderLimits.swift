/// Bounds that keep the reader's memory and recursion proportional to what real binaries need,
/// whatever the input claims. The defaults follow wasmparser's (wasm-tools) limits where it has one,
/// so nothing `wasm-tools validate` accepts is refused here.
public struct WasmReaderLimits: Hashable, Sendable {
    /// Longest name (import, export, custom section), in bytes. wasmparser: 100 000.
    public var nameBytes: Int
    /// Most entries in one import, export, type, instance or alias section.
    public var sectionEntries: Int
    /// Most bytes the result may hold: every kept name counts its bytes plus `entryCost`, every
    /// tracked component type or instance `entryCost`. Stops a binary made of millions of tiny
    /// entries from growing the result without bound.
    public var retainedBytes: Int
    /// Deepest nesting of components in components and of type definitions in type definitions.
    public var nestingDepth: Int

    /// What one kept entry costs against `retainedBytes` besides its name.
    static let entryCost = 32

    public init(nameBytes: Int = 100_000, sectionEntries: Int = 1_000_000, retainedBytes: Int = 64 << 20, nestingDepth: Int = 32) {
        self.nameBytes = nameBytes
        self.sectionEntries = sectionEntries
        self.retainedBytes = retainedBytes
        self.nestingDepth = nestingDepth
    }

    public static let `default` = WasmReaderLimits()
}
