#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackSpin

/// The file extensions wws runs as workers besides `.js` and `.wasm`: those of the language
/// runtimes (Python, Ruby, …) installed in the project, which `wws runtimes install` records in
/// `/.wws.toml` as `[[repositories]]` → `[[repositories.runtimes]]` → `extensions` (wws
/// `crates/config`, and the router's worker glob `**/*.{js,wasm,<extensions>}`, runtimes.md §1.3).
/// deislabs' `images/wws-python` is such a project: its only worker is `hello.py`.
enum WWSRuntimeExtensions {
    /// `.wws.toml` is a few lines per runtime; anything larger is not one wws would write.
    static let sizeLimit = 1 << 20

    /// The extensions (without the dot) in `folder/.wws.toml`; empty when it is absent or not a
    /// file wws can read, as wws then ignores it ("Error reading .wws.toml file").
    static func of(folder: String) -> Set<String> {
        guard let data = try? FileContents.read(atPath: folder + "/.wws.toml", upTo: sizeLimit + 1), data.count <= sizeLimit,
            let document = try? TOMLReader.parse(data)
        else { return [] }
        var extensions: Set<String> = []
        for repository in document["repositories"]?.array ?? [] {
            for runtime in repository.table?["runtimes"]?.array ?? [] {
                for value in runtime.table?["extensions"]?.array ?? [] {
                    if let name = value.string, !name.isEmpty { extensions.insert(name) }
                }
            }
        }
        return extensions
    }
}
