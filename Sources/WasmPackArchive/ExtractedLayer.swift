/// What unpacking one layer wrote.
public struct ExtractedLayer: Sendable, Equatable {
    /// The regular files written (hard links included), relative to the directory, sorted.
    public let files: [String]
    /// What the layer counted against `ExtractionLimits.maximumSize`.
    public let size: Int64
}
