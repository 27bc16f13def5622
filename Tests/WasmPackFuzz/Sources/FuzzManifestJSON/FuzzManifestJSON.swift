import Foundation
import FuzzSupport
import WasmPackOCI

// Manifests and indexes come from registries and from layouts on disk, decoded as the puller and
// OCILayout decode them (Foundation's JSONDecoder into the OCI types); the first line is also read
// as a Docker-Content-Digest header value. Properties: nothing traps; whatever decodes encodes
// again (canonical JSON, as wasmpack writes it) to a document that decodes to the same value, so
// a pulled manifest that is re-written into a layout does not change meaning.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = FuzzCheck.bytes(data, size)
    let firstLine = bytes.split(separator: UInt8(ascii: "\n"), maxSplits: 1, omittingEmptySubsequences: false).first ?? []
    let header = String(decoding: firstLine, as: UTF8.self)
    if let digest = try? Digest(parsing: header) {
        FuzzCheck.require((try? Digest(parsing: digest.description)) == digest, "digest '\(digest)' does not parse back")
    }
    let json = Data(bytes)
    roundTrip(ImageManifest.self, json)
    roundTrip(ImageIndex.self, json)
    roundTrip(Descriptor.self, json)
    roundTrip(ImageConfiguration.self, json)
    return 0
}

private func roundTrip<Value: Codable & Equatable>(_ type: Value.Type, _ json: Data) {
    guard let value = try? JSONDecoder().decode(type, from: json) else { return }
    let encoded: [UInt8]
    do { encoded = try JSONValueEncoder().bytes(value) } catch {
        FuzzCheck.require(false, "a decoded \(type) does not encode: \(error)")
        return
    }
    let again = try? JSONDecoder().decode(type, from: Data(encoded))
    FuzzCheck.require(again == value, "\(type) changes when encoded and decoded: \(String(decoding: encoded, as: UTF8.self))")
}
