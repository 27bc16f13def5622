import Foundation
import Testing

/// `wasmpack build` on an app with globs and `exclude_files`: one stderr note per repacked
/// component by default; `--keep-manifest` fails with one line naming component, key and target
/// (exit 1, nothing written); with `--skip-checks` it builds and warns.
@Suite("wasmpack build: direct mounts")
struct DirectMountCommandTests {
    let cli = Wasmpack()
    static let app = CommandLineTests.testdata + "/exclude-files"

    @Test func theDefaultBuildPrintsOneNotePerRepackedComponent() throws {
        let parent = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", Self.app, "-o", parent + "/layout"], in: parent)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "sha256:893b6ac9fadb56bad5ee5349992eb4594dcf1b7cbdb4973a18cc853047f4afb5\n")
        let notes = run.stderr.split(separator: "\n").filter { $0.hasPrefix("note: ") }
        #expect(notes.count == 2, "\(run.stderr)")
        #expect(notes.first?.hasPrefix("note: component 'web': packed its 4 files under /.wasmpack/files/web") == true)
        #expect(!run.stderr.contains("warning:"), "\(run.stderr)")
    }

    @Test func keepManifestFailsWithOneLineAndWritesNothing() throws {
        let parent = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", Self.app, "--keep-manifest", "--target", "spin-shim-v2", "-o", parent + "/layout"], in: parent)
        #expect(run.status == 1)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr == "Error: \(Self.app)/spin.toml: component 'web' files entry \"pattern/*\" is a glob (key files), and the Spin shim of --target spin-shim-v2 refuses it at start (\"Only directory mounts are supported\"); drop --keep-manifest so wasmpack packs the component's files into one directory mount\n")
        #expect(!FileManager.default.fileExists(atPath: parent + "/layout"))
    }

    @Test func keepManifestWithSkipChecksBuildsTodaysImageAndWarns() throws {
        let parent = try cli.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: parent) }
        let run = try cli.run(["build", Self.app, "--keep-manifest", "--skip-checks", "-o", parent + "/layout"], in: parent)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "sha256:0fe9981b10eec26910472df55ce7f96f44d736819f2c1af6e65b8b4980fd222e\n")
        let warnings = run.stderr.split(separator: "\n").filter { $0.hasPrefix("warning: ") }
        #expect(warnings.count == 5, "\(run.stderr)")
        #expect(warnings.allSatisfy { $0.contains("--target spinkube") && $0.hasSuffix("(--skip-checks)") })
    }
}

extension DirectMountCommandTests {
    @Test(arguments: [
        (["--target", "slight"], "--target slight"),
        (["--format", "wasm-to-oci"], "--format wasm-to-oci"),
    ])
    func keepManifestWhereNoSpinTomlIsPackedIsAUsageError(arguments: [String], packing: String) throws {
        let run = try cli.run(["build", Self.app, "--keep-manifest"] + arguments)
        #expect(run.status == 64)
        #expect(run.stderr.contains("--keep-manifest keeps a Spin app's spin.toml and files as written, but \(packing) packs no spin.toml; drop --keep-manifest"), "\(run.stderr)")
    }
}
