import Foundation
import Testing
import WasmPackTestSupport

/// The Spin consumer checker accepts the artifact of formats.md §2.7 exactly as the reference
/// vectors give it, and names each of Spin's rules a broken variant breaks.
@Suite("Spin consumer checker")
struct SpinConsumerCheckerTests {
    static let vectors = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("testdata/spin-registry").path
    static func file(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: vectors + "/" + name)) }
    static let wasmType = "application/vnd.wasm.content.layer.v1+wasm"
    static let dataType = "application/vnd.wasm.content.layer.v1+data"

    func layout(_ manifest: Data, _ blobs: [Data]) throws -> String {
        let directory = try TestScratch.folder("spin-checker") + "/layout"
        try SpinTestLayout.write(manifest: manifest, blobs: blobs, to: directory)
        return directory
    }

    @Test func theReferenceArtifactPassesEveryRule() throws {
        let blobs = [try Self.file("spin.config.json"), try Self.file("spin.locked.json"),
                     try Self.file("app/hello.wasm"), try Self.file("app/static/b.txt")]
        let manifest = try Self.file("spin.manifest.json")
        #expect(try SpinTestLayout.digest(manifest) == "sha256:7081a77020d926aaa03e2ce1e4ee1b680373f53170d3593495120fb132991bb5")
        #expect(try SpinConsumerChecker.problems(layout: try layout(manifest, blobs)) == [])
        // Assembled the way Spin pushes, the test helper reproduces the vector byte for byte.
        let annotations = #"{"org.opencontainers.image.created":"2025-01-01T00:00:00+00:00","org.opencontainers.image.title":"hello","org.opencontainers.image.version":"0.1.0"}"#
        let built = try SpinTestLayout.spinArtifact(
            locked: try Self.file("spin.locked.json"),
            layers: [(Self.wasmType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))],
            annotations: annotations)
        #expect(built.manifest == manifest)
        #expect(built.blobs.last == (try Self.file("spin.config.json")))
    }

    @Test func aWasmLayerUnderAnotherMediaTypeIsNotFound() throws {
        let artifact = try SpinTestLayout.spinArtifact(
            locked: try Self.file("spin.locked.json"),
            layers: [(Self.dataType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))])
        let problems = try SpinConsumerChecker.problems(layout: try layout(artifact.manifest, artifact.blobs))
        #expect(problems == ["component hello: wasm sha256:93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476 is not a wasm layer"])
    }

    @Test func aFileThatIsNeitherInlineNorALayerIsNamed() throws {
        let artifact = try SpinTestLayout.spinArtifact(
            locked: try Self.file("spin.locked.json"), layers: [(Self.wasmType, try Self.file("app/hello.wasm"))])
        let problems = try SpinConsumerChecker.problems(layout: try layout(artifact.manifest, artifact.blobs))
        #expect(problems == ["component hello: file 'static/b.txt' is neither inline nor a data layer"])
    }

    @Test func aStaleLockedAppDigestLabelIsNamed() throws {
        let artifact = try SpinTestLayout.spinArtifact(
            locked: try Self.file("spin.locked.json"),
            layers: [(Self.wasmType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))],
            label: "sha256:" + String(repeating: "0", count: 64))
        let problems = try SpinConsumerChecker.problems(layout: try layout(artifact.manifest, artifact.blobs))
        #expect(problems.count == 1 && problems[0].hasPrefix("config label com.fermyon.spin.lockedAppDigest"))
    }

    /// Spin loads a dependency's wasm like the component's: from a wasm layer, never a data layer.
    @Test func aDependencyWhoseWasmIsNotAWasmLayerIsNamed() throws {
        let wasm = try SpinTestLayout.digest(try Self.file("app/hello.wasm")), data = try SpinTestLayout.digest(try Self.file("app/static/b.txt"))
        func artifact(dependency digest: String) throws -> [String] {
            let locked = String(decoding: try Self.file("spin.locked.json"), as: UTF8.self).replacingOccurrences(
                of: #""files":["#, with: #""dependencies":{"ns:dep":{"source":{"content_type":"application/wasm","digest":"\#(digest)"},"export":null}},"files":["#)
            let artifact = try SpinTestLayout.spinArtifact(
                locked: Data(locked.utf8),
                layers: [(Self.wasmType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))])
            return try SpinConsumerChecker.problems(layout: try layout(artifact.manifest, artifact.blobs))
        }
        #expect(try artifact(dependency: wasm) == [])
        #expect(try artifact(dependency: data) == ["component hello: dependency ns:dep wasm \(data) is not a wasm layer"])
    }

    @Test(arguments: ["../escape.txt", "/etc/passwd", "static/./b.txt", "static//b.txt"])
    func unsafeFilePathsAreNamed(path: String) throws {
        let locked = String(decoding: try Self.file("spin.locked.json"), as: UTF8.self).replacingOccurrences(of: "\"static/b.txt\"", with: "\"\(path)\"")
        let artifact = try SpinTestLayout.spinArtifact(
            locked: Data(locked.utf8),
            layers: [(Self.wasmType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))])
        let problems = try SpinConsumerChecker.problems(layout: try layout(artifact.manifest, artifact.blobs))
        #expect(problems == ["component hello: file path '\(path)' is not safe to join"])
    }

    @Test func aMissingBlobIsNamed() throws {
        let artifact = try SpinTestLayout.spinArtifact(
            locked: try Self.file("spin.locked.json"),
            layers: [(Self.wasmType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))])
        let directory = try layout(artifact.manifest, artifact.blobs)
        try FileManager.default.removeItem(atPath: directory + "/blobs/sha256/aa20c23e3201834050679e1d88941b9a6fed0557c9a705cb2c315e2e63fd486d")
        #expect(try SpinConsumerChecker.problems(layout: directory).contains("blob sha256:aa20c23e3201834050679e1d88941b9a6fed0557c9a705cb2c315e2e63fd486d is missing"))
    }
}
