import WasmPackOCI

/// Layers in push order, each kept once: Spin de-duplicates on (bytes, media type), so a file
/// used twice is one layer, while the same bytes as wasm and as data stay two.
struct SpinLayerList {
    private(set) var descriptors: [Descriptor] = []
    private var seen: Set<String> = []

    var count: Int { descriptors.count }

    mutating func append(_ layer: Descriptor) {
        guard seen.insert("\(layer.mediaType) \(layer.digest)").inserted else { return }
        descriptors.append(layer)
    }
}
