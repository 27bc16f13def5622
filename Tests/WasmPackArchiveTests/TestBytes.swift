/// Deterministic test content, the same on every run and machine.
enum TestBytes {
    /// Incompressible bytes: SplitMix64 output for `seed`.
    static func pseudoRandom(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SplitMix64(seed: seed)
        var bytes = [UInt8]()
        bytes.reserveCapacity(count + 8)
        while bytes.count < count {
            let word = generator.next()
            for shift in stride(from: 0, to: 64, by: 8) { bytes.append(UInt8(truncatingIfNeeded: word >> UInt64(shift))) }
        }
        return Array(bytes.prefix(count))
    }

    /// Highly compressible bytes: a line of WebAssembly text repeated with a few variations.
    static func repetitive(count: Int) -> [UInt8] {
        var bytes = [UInt8]()
        var line = 0
        while bytes.count < count {
            bytes += Array("(func $f\(line % 97) (param i32) (result i32) local.get 0 i32.const 1 i32.add)\n".utf8)
            line += 1
        }
        return Array(bytes.prefix(count))
    }
}
