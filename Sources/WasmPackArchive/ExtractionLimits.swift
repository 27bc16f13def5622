/// How far unpacking may expand layers. A gzip stream inflates up to about 1000-fold, so without
/// a limit a 1 MiB layer can write 1 GiB and a hostile image can fill the disk (a gzip bomb).
///
/// Every entry counts 512 bytes (its tar header; empty files still cost an inode) plus the
/// bytes of data written; holes of sparse entries cost nothing, as on disk.
public struct ExtractionLimits: Sendable, Equatable {
    /// Most bytes one extraction may write, all layers together.
    ///
    /// 8 GiB: Spin apps are wasm modules of a few MiB to a few hundred and their static files;
    /// the whole app is loaded by one runtime instance, so an app anywhere near this does not run.
    public static let defaultMaximumSize: Int64 = 8 << 30
    /// Most bytes a layer may write per byte of its compressed blob, past `ratioFloor`.
    ///
    /// 100: wasm compresses about 3:1 and text about 5-10:1, so real layers stay far below;
    /// a gzip bomb is near 1000:1.
    public static let defaultMaximumRatio: Int64 = 100
    /// Bytes any layer may write whatever its ratio.
    ///
    /// 64 MiB: a small layer of zeros or repetitive text compresses past 100:1 and is harmless.
    public static let defaultRatioFloor: Int64 = 64 << 20

    public var maximumSize: Int64
    public var maximumRatio: Int64
    public var ratioFloor: Int64

    public init(
        maximumSize: Int64 = defaultMaximumSize, maximumRatio: Int64 = defaultMaximumRatio,
        ratioFloor: Int64 = defaultRatioFloor
    ) {
        self.maximumSize = maximumSize
        self.maximumRatio = maximumRatio
        self.ratioFloor = ratioFloor
    }

    /// The most a layer of `compressedSize` bytes may write before the ratio refuses it.
    func ratioAllowance(compressedSize: Int64) -> Int64 {
        let (product, overflow) = compressedSize.multipliedReportingOverflow(by: maximumRatio)
        return max(ratioFloor, overflow ? .max : product)
    }
}
