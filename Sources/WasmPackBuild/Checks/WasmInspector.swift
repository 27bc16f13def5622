#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform
import WasmPackArchive
import WasmPackLayout
import WasmPackOCI

/// Finds the wasm files of a built image (or takes one file) and reads each for `inspect`.
public enum WasmInspector {
    /// A single .wasm file.
    public static func report(file path: String) throws(WasmInspectionError) -> WasmReport {
        WasmReport(path: path, inspection: try WasmInspection(path: path))
    }

    /// Every wasm in an image of a layout: the files of its tar layers that are wasm (by their
    /// magic, whatever their name), and wasm layers themselves. Layers are unpacked into a
    /// temporary folder that is removed again.
    public static func reports(layout: OCILayout, summary: ImageSummary) throws(WasmInspectorError) -> [WasmReport] {
        var reports: [WasmReport] = []
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wasmpack-inspect-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        for (index, layer) in summary.layers.enumerated() {
            let blob = layout.blobPath(for: layer.digest)
            if [MediaType.ociLayerTar, .ociLayerTarGzip, .dockerLayerTarGzip].contains(layer.mediaType) {
                let folder = scratch + "/\(index)"
                let files: [String]
                do { files = try LayerExtractor().extract(layer: blob, into: folder) } catch { throw .layer(error) }
                for file in files where WasmModuleCheck.check(folder + "/" + file) == .wasm {
                    do {
                        reports.append(WasmReport(path: "/" + file, inspection: try WasmInspection(path: folder + "/" + file)))
                    } catch { throw .wasm(error) }
                }
            } else if WasmModuleCheck.check(blob) == .wasm {
                do {
                    reports.append(WasmReport(path: layer.title ?? layer.digest.description, inspection: try WasmInspection(path: blob)))
                } catch { throw .wasm(error) }
            }
        }
        return reports
    }
}

public enum WasmInspectorError: Error, Sendable, CustomStringConvertible {
    case layer(ExtractionError)
    case wasm(WasmInspectionError)

    public var description: String {
        switch self {
        case .layer(let error): return error.description
        case .wasm(let error): return error.description
        }
    }
}
