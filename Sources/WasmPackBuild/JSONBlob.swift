import WasmPackOCI

/// Serialises wasmpack's own value types. Their `encode(to:)` never throws (no custom failure
/// paths, no floating-point edge cases), so a failure here would be a programming error.
enum JSONBlob {
    static func bytes<Value: Encodable>(_ value: Value, style: JSONStyle = .canonical) -> [UInt8] {
        do {
            return try JSONValueEncoder().bytes(value, style: style)
        } catch {
            preconditionFailure("encoding \(Value.self) failed: \(error)")
        }
    }
}
