import Foundation
import Testing
import WasmPackSpin

/// What each component of a Spin app sees: its path inside the component → the file's bytes.
///
/// `loader(app:)` is Spin's answer for the source app (SpinManifestReader's `files`, Spin's own
/// glob and exclude semantics); `image(root:)` resolves the packed /spin.toml of an unpacked image
/// the way the shim does with direct mounts: every `files` entry must be a directory of the image,
/// mounted whole, and `exclude_files` must be absent.
enum ComponentFileView {
    typealias View = [String: [String: Data]]

    static func loader(app: String) throws -> View {
        let read = try SpinManifestReader().read(path: app)
        var view: View = [:]
        for component in read.components {
            var files: [String: Data] = [:]
            for file in component.files {
                files[try #require(file.destination)] = try Data(contentsOf: URL(fileURLWithPath: file.absolutePath))
            }
            view[component.id] = files
        }
        return view
    }

    /// Fails the test (via #expect) for any mount the shim would refuse. The packed manifest is read
    /// by our reader (v1, v2 and inline components alike); each mount's directory is then walked here.
    static func image(root: String) throws -> View {
        let packed = try SpinManifestReader().read(path: root + "/spin.toml")
        var view: View = [:]
        for component in packed.components {
            #expect(component.excludeFiles.isEmpty, "component \(component.id) still has exclude_files")
            var files: [String: Data] = [:]
            for mount in component.mounts {
                #expect(mount.kind == .directory, "component \(component.id): files entry '\(mount.written)' is not a directory mount")
                var isDirectory: ObjCBool = false
                let directory = root + "/" + mount.source
                #expect(FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) && isDirectory.boolValue,
                        "component \(component.id): files entry '\(mount.source)' is not a directory of the image")
                for (path, bytes) in try regularFiles(under: directory) {
                    let inComponent = mount.destination.hasSuffix("/") ? mount.destination + path : mount.destination + "/" + path
                    files[inComponent] = bytes
                }
            }
            view[component.id] = files
        }
        return view
    }

    /// Every regular file below `directory` (hidden ones too), by path relative to it.
    static func regularFiles(under directory: String) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: directory)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory + "/" + path, isDirectory: &isDirectory),
                  !isDirectory.boolValue else { continue }
            files[path] = try Data(contentsOf: URL(fileURLWithPath: directory + "/" + path))
        }
        return files
    }
}
