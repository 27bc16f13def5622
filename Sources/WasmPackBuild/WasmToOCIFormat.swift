import WasmPackLayout
import WasmPackOCI
import WasmPackSpin

/// What `wasm-to-oci push MODULE REF` publishes (engineerd/wasm-to-oci on oras-go v0.4): config
/// `{}` typed application/vnd.wasm.config.v1+json, one layer with the module bytes unchanged and a
/// title annotation, and a manifest written the way Go's encoding/json writes image-spec v1.0.1's
/// struct (no top-level mediaType), so the same module gets the same digest as wasm-to-oci gives it.
struct WasmToOCIFormat: PackageFormat {
    func assemble(_ input: BuildInput, context: BuildContext, into layout: LayoutTransaction) throws(BuildError) -> Descriptor {
        let module = try modulePath(input, component: context.component)
        switch WasmModuleCheck.check(module) {
        case .wasm: break
        case .notWasm: throw .notAWasmModule(path: module)
        case .notARegularFile(let kind): throw .notARegularFile(path: module, kind: kind)
        case .unreadable(let code): throw .cannotReadInput(path: module, errno: code)
        }
        do {
            context.progress?(.packing(module))
            var layer = try layout.addBlob(copying: module, mediaType: .wasmContentLayer)
            context.progress?(.layerWritten(layer))
            layer.annotations = [AnnotationKey.title: Self.fileName(of: module)]
            let config = try layout.addBlob(Array("{}".utf8), mediaType: .wasmConfigV1)
            let manifest = ImageManifest(
                mediaType: nil, config: config, layers: [layer],
                annotations: context.annotations.isEmpty ? nil : context.annotations)
            return try layout.addBlob(JSONBlob.bytes(manifest, style: .go), mediaType: .ociImageManifest)
        } catch {
            throw .layout(error)
        }
    }

    /// The one .wasm file an input names (shared with `CNCFWasmFormat`).
    func modulePath(_ input: BuildInput, component: String?) throws(BuildError) -> String {
        switch input {
        case .module(let path):
            guard component == nil else { throw .componentOptionWithoutApp(path: path) }
            return path
        case .app(let app):
            let manifest = app.manifestFile.absolutePath
            let ids = app.components.map(\.id)
            let chosen: SpinComponent
            if let component {
                guard let match = app.components.first(where: { $0.id == component }) else {
                    throw .unknownComponent(manifest: manifest, id: component, ids: ids)
                }
                chosen = match
            } else {
                guard app.components.count == 1 else { throw .componentRequired(manifest: manifest, ids: ids) }
                chosen = app.components[0]
            }
            guard case .local(let file) = chosen.source else {
                throw .componentNotLocal(manifest: manifest, id: chosen.id)
            }
            return file.absolutePath
        }
    }

    /// wasm-to-oci titles the layer with the path as typed; wasmpack uses the file name, which is
    /// what `wasm-to-oci push hello.wasm` gives and what a puller should name the file.
    static func fileName(of path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
