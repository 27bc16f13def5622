import FuzzSupport
import WasmPackOCI

// Reference and platform strings come from the command line and from index.json files.
// Properties: parsing never traps; an error's text is one line (control characters in the input
// would split it); a parsed reference prints as text that parses back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: FuzzCheck.bytes(data, size), as: UTF8.self)
    do {
        let reference = try Reference(parsing: text)
        let printed = reference.description
        let again = try? Reference(parsing: printed)
        FuzzCheck.require(again == reference, "'\(printed)' does not parse back to the reference it prints")
        _ = reference.apiHost
        _ = reference.tagOrDigest
        if let retagged = try? reference.withTag("v1") { _ = retagged.description }
    } catch {
        _ = error.description
    }
    do {
        let platform = try Platform(parsing: text)
        FuzzCheck.require((try? Platform(parsing: platform.description)) == platform, "platform '\(platform)' does not parse back")
    } catch {
        _ = error.description
    }
    return 0
}
