import WasmPackLayout
import WasmPackOCI
import WasmPackWasm

/// The CNCF TAG-Runtime Wasm OCI artifact as `wkg oci push` (bytecodealliance oci-wasm) writes it:
/// one `application/wasm` layer holding the binary unchanged and titled with its file name, a
/// `application/vnd.wasm.config.v0+json` config, and a canonical manifest that sets `mediaType`
/// (oci-wasm's puller refuses a manifest without it).
///
/// Unlike wkg, `created` never comes from the clock: SOURCE_DATE_EPOCH when set, else the Unix
/// epoch, so the same binary always gives the same digest.
struct CNCFWasmFormat: PackageFormat {
    func assemble(_ input: BuildInput, context: BuildContext, into layout: LayoutTransaction) throws(BuildError) -> Descriptor {
        let path = try WasmToOCIFormat().modulePath(input, component: context.component)
        // Read before anything is written: a file that is not wasm fails the build with nothing added.
        let summary: WasmSummary
        do { summary = try WasmInspection(path: path).summary } catch {
            switch error {
            case .unreadable(_, .notWasm): throw .notAWasmModule(path: path)
            case .notARegularFile(_, let kind): throw .notARegularFile(path: path, kind: kind)
            case .cannotOpen(_, let code): throw .cannotReadInput(path: path, errno: code)
            default: throw .wasmNotReadable(error)
            }
        }
        do {
            context.progress?(.packing(path))
            var layer = try layout.addBlob(copying: path, mediaType: .wasm)
            context.progress?(.layerWritten(layer))
            layer.annotations = [AnnotationKey.title: WasmToOCIFormat.fileName(of: path)]
            let config = try layout.addBlob(
                Self.config(summary, layerDigests: [layer.digest], created: context.created ?? Timestamp.rfc3339(secondsSinceEpoch: 0)),
                mediaType: .wasmConfigV0)
            let manifest = ImageManifest(
                mediaType: .ociImageManifest, config: config, layers: [layer],
                annotations: context.annotations.isEmpty ? nil : context.annotations)
            return try layout.addBlob(JSONBlob.bytes(manifest, style: .canonical), mediaType: .ociImageManifest)
        } catch {
            throw .layout(error)
        }
    }

    /// oci-wasm's `WasmConfig` as serde_json writes it: fields in declaration order (created,
    /// author, architecture, os, layerDigests, component), `null` for absent ones, compact.
    /// The Go style keeps insertion order; its extra escaping of `<`, `>` and `&` never applies,
    /// since none of these values can hold them (RFC 3339 times, digests, WIT names).
    static func config(_ summary: WasmSummary, layerDigests: [Digest], created: String) -> [UInt8] {
        func object(_ members: [(String, JSONValue)]) -> JSONValue {
            .object(members.map { JSONMember(key: $0.0, value: $0.1) }, sortedOnOutput: false)
        }
        let component: JSONValue
        let os: String
        switch summary.kind {
        case .module:
            os = "wasip1"
            component = .null
        case .component:
            os = "wasip2"
            // wit-component's decoded world keys, named by `name_world_key`: the component's own
            // import and export names in binary order (`wasi:http/types@0.2.0`, or `run`).
            component = object([
                ("exports", .array(summary.exports.map { .string($0) })),
                ("imports", .array(summary.imports.map { .string($0.name) })),
                ("target", .null),
            ])
        }
        return JSONWriter(style: .go).bytes(object([
            ("created", .string(created)),
            ("author", .null),
            ("architecture", .string("wasm")),
            ("os", .string(os)),
            ("layerDigests", .array(layerDigests.map { .string($0.description) })),
            ("component", component),
        ]))
    }
}
