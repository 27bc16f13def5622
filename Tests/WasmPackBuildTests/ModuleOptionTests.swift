import Foundation
import Testing
import WasmPackBuild
import WasmPackTestSupport

/// A `--module` that names no file is reported as that option's mistake. Building deislabs'
/// images/slight with a mistyped `--module` said "pass an app directory, a spin.toml or (with
/// --format wasm-to-oci) a .wasm file", which sends the user to the wrong argument.
@Suite("--module names a missing file")
struct ModuleOptionTests {
    @Test(arguments: [(RuntimeTarget.slight, "slight-app"), (.lunatic, "lunatic")])
    func aMissingModuleIsNamedAsTheOption(target: RuntimeTarget, app: String) throws {
        let output = try TestScratch.folder("module-option")
        defer { try? FileManager.default.removeItem(atPath: output) }
        var options = BuildOptions(output: output + "/layout", target: target)
        options.module = output + "/target/wasm32-wasi/release/app.wasm"
        #expect {
            _ = try Builder().build(path: Support.testdata + "/" + app, options: options, workingDirectory: "/")
        } throws: { error in
            (error as? BuildError)?.description == "--module '\(output)/target/wasm32-wasi/release/app.wasm' does not exist; give the .wasm file's path from the current folder"
        }
        #expect(!FileManager.default.fileExists(atPath: output + "/layout"))
    }
}
