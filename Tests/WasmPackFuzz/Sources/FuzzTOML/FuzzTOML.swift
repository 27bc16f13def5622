import FuzzSupport
import WasmPackSpin

// spin.toml is the file people edit by hand (issue 7 item 3: a typo in a table header aborted
// the process). The bytes go through the TOML reader, then through the spin.toml reader's schema
// checks as `wasmpack build` runs them. Properties: nothing traps or hangs (nesting is bounded);
// every error has a real position and is one line, as the CLI prints it.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = FuzzCheck.bytes(data, size)
    do {
        _ = try TOMLReader.parse(bytes)
    } catch {
        FuzzCheck.require(error.line >= 1 && error.column >= 1, "TOML error without a position: \(error)")
        FuzzCheck.require(!error.description.contains(where: \.isNewline), "TOML error spans lines: \(error)")
    }
    do {
        try SpinManifestReader().parseManifest(bytes: bytes, path: "/app/spin.toml")
    } catch {
        FuzzCheck.require(!error.description.contains(where: \.isNewline), "spin.toml error spans lines: \(error)")
    }
    return 0
}
