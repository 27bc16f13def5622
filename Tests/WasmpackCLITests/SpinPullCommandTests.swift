import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack pull --extract` of a Spin registry artifact (formats.md §2.7, pushed from a layout
/// assembled from the reference vectors) writes the app as Spin would see it.
@Suite("wasmpack pull of a Spin artifact", .enabled(if: TestRegistry.isAvailable))
struct SpinPullCommandTests {
    let cli = Wasmpack()
    static let vectors = CommandLineTests.testdata + "/spin-registry"
    static func file(_ name: String) throws -> Data { try Data(contentsOf: URL(fileURLWithPath: vectors + "/" + name)) }
    static let wasmType = "application/vnd.wasm.content.layer.v1+wasm"
    static let dataType = "application/vnd.wasm.content.layer.v1+data"

    /// Pushes an artifact to `registry` as `repository:v1`; returns the reference.
    func push(_ artifact: (manifest: Data, blobs: [Data]), to registry: TestRegistry, repository: String) throws -> String {
        let layout = try cli.temporaryDirectory() + "/layout"
        try SpinTestLayout.write(manifest: artifact.manifest, blobs: artifact.blobs, to: layout)
        let reference = "\(registry.host)/\(repository):v1"
        let push = try cli.run(["push", reference, "--layout", layout, "--plain-http"])
        #expect(push.status == 0, "\(push.stderr)")
        return reference
    }

    static func reference() throws -> (manifest: Data, blobs: [Data]) {
        (try file("spin.manifest.json"), [try file("spin.config.json"), try file("spin.locked.json"),
                                          try file("app/hello.wasm"), try file("app/static/b.txt")])
    }

    @Test func extractWritesEachWasmEachFileAndASpinTOMLPointingAtThem() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let reference = try push(Self.reference(), to: registry, repository: "spin/hello")
        let output = try cli.temporaryDirectory()
        let pull = try cli.run(["pull", reference, "-o", output + "/layout", "--extract", output + "/app", "--plain-http"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(pull.stdout == "\(registry.host)/spin/hello@sha256:7081a77020d926aaa03e2ce1e4ee1b680373f53170d3593495120fb132991bb5\n")
        // Pulled back through the registry, the artifact still satisfies Spin's consumer rules.
        #expect(try SpinConsumerChecker.problems(layout: output + "/layout", tag: "v1") == [])

        let app = output + "/app"
        #expect(FileManager.default.contents(atPath: app + "/hello.wasm") == (try Self.file("app/hello.wasm")))
        #expect(FileManager.default.contents(atPath: app + "/hello/files/static/a.txt") == (try Self.file("app/static/a.txt")))
        #expect(FileManager.default.contents(atPath: app + "/hello/files/static/b.txt") == (try Self.file("app/static/b.txt")))
        let toml = String(decoding: FileManager.default.contents(atPath: app + "/spin.toml") ?? Data(), as: UTF8.self)
        #expect(toml == """
            spin_manifest_version = 2

            [application]
            name = "hello"
            version = "0.1.0"

            [[trigger.http]]
            id = "hello-http-trigger"
            component = "hello"
            route = "/..."

            [component.hello]
            source = "hello.wasm"

            [[component.hello.files]]
            source = "hello/files"
            destination = "/"

            """)
        // inspect of the pulled layout names the format and shows components, files and triggers.
        let inspect = try cli.run(["inspect", output + "/layout", "-t", "v1"])
        #expect(inspect.status == 0, "\(inspect.stderr)")
        #expect(inspect.stdout.contains("""
            Spin app (format spin):
              Components:
                hello  wasm sha256:93a44bbb96c751218e4c00d479e4c14358122a389acca16205b1e4d0dc5f9476
                  static/a.txt  inline
                  static/b.txt  sha256:aa20c23e3201834050679e1d88941b9a6fed0557c9a705cb2c315e2e63fd486d
              Triggers:
                http hello-http-trigger -> hello  route=/...

            """), "\(inspect.stdout)")
        // wasmpack reads the regenerated manifest back and finds every file it names.
        let build = try cli.run(["build", app, "-o", output + "/rebuilt"])
        #expect(build.status == 0, "\(build.stderr)")
    }

    /// Through a registry with ACR-style token auth: the same app comes out.
    @Test func extractWorksThroughTokenAuth() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let layout = try cli.temporaryDirectory() + "/layout"
        let artifact = try Self.reference()
        try SpinTestLayout.write(manifest: artifact.manifest, blobs: artifact.blobs, to: layout)
        let reference = "\(registry.host)/spin/token:v1"
        let credentials = ["WASMPACK_USERNAME": registry.username!, "WASMPACK_PASSWORD": registry.password!]
        let push = try cli.run(["push", reference, "--layout", layout], environment: credentials)
        #expect(push.status == 0, "\(push.stderr)")
        let output = try cli.temporaryDirectory()
        let pull = try cli.run(["pull", reference, "-o", output + "/layout", "--extract", output + "/app"], environment: credentials)
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(FileManager.default.contents(atPath: output + "/app/hello/files/static/b.txt") == (try Self.file("app/static/b.txt")))
        #expect(try SpinConsumerChecker.problems(layout: output + "/layout", tag: "v1") == [])
        #expect(!(pull.stdout + pull.stderr).contains(registry.password!))
    }

    @Test(arguments: ["../escape.txt", "/etc/passwd", "static/../../b.txt"])
    func anUnsafeFilePathIsRefusedAndNothingIsWritten(path: String) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let locked = String(decoding: try Self.file("spin.locked.json"), as: UTF8.self).replacingOccurrences(of: "\"static/b.txt\"", with: "\"\(path)\"")
        let artifact = try SpinTestLayout.spinArtifact(
            locked: Data(locked.utf8),
            layers: [(Self.wasmType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))])
        let reference = try push(artifact, to: registry, repository: "spin/evil")
        let output = try cli.temporaryDirectory()
        let pull = try cli.run(["pull", reference, "-o", output + "/layout", "--extract", output + "/app", "--plain-http"])
        #expect(pull.status != 0)
        #expect(pull.stderr.contains("refusing file '\(path)' of component 'hello'"), "\(pull.stderr)")
        #expect(pull.stderr.split(separator: "\n").filter { $0.hasPrefix("Error") }.count == 1, "\(pull.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output + "/app"))
        #expect(!FileManager.default.fileExists(atPath: output + "/escape.txt"))
    }

    /// Locked apps that would write outside DIR, over each other, or wrong bytes: one line, nothing written.
    @Test(arguments: [
        ("\"id\":\"hello\"", "\"id\":\"../hello\"", "the Spin component id '../hello' is not a Spin component id"),
        ("\"id\":\"hello\"", "\"id\":\"\"", "the Spin component id '' is not a Spin component id"),
        ("\"id\":\"hello\"", "\"id\":\"spin.toml\"", "the Spin component id 'spin.toml' is not a Spin component id"),
        ("\"static/b.txt\"", "\"static/a.txt\"", "lists file 'static/a.txt' of component 'hello' twice"),
        ("aGVsbG8K", "aGVsbG9K", "the inline file 'static/a.txt' of component 'hello' does not match its digest"),
        ("{\"spin_lock_version\":0,", "{", "is not a Spin locked app"),
    ])
    func aHostileLockedAppIsRefusedInOneLine(find: String, replace: String, message: String) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let locked = String(decoding: try Self.file("spin.locked.json"), as: UTF8.self).replacingOccurrences(of: find, with: replace)
        let artifact = try SpinTestLayout.spinArtifact(
            locked: Data(locked.utf8),
            layers: [(Self.wasmType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))])
        let reference = try push(artifact, to: registry, repository: "spin/hostile")
        let output = try cli.temporaryDirectory()
        let pull = try cli.run(["pull", reference, "-o", output + "/layout", "--extract", output + "/app", "--plain-http"])
        #expect(pull.status != 0)
        let errors = pull.stderr.split(separator: "\n").filter { $0.hasPrefix("Error") }
        #expect(errors.count == 1 && errors[0].contains(message), "\(pull.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output + "/app"))
        #expect(!FileManager.default.fileExists(atPath: output + "/layout"))
    }

    /// Before Spin 2.0 the locked app was the config itself (formats.md §2.2): still extracted.
    @Test func aPreSpin2ArtifactWithTheLockedAppAsConfigIsExtracted() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let locked = try Self.file("spin.locked.json")
        let wasm = try Self.file("app/hello.wasm"), text = try Self.file("app/static/b.txt")
        var layers: [String] = []
        for (type, bytes) in [(Self.wasmType, wasm), (Self.dataType, text)] {
            layers.append(#"{"digest":"\#(try SpinTestLayout.digest(bytes))","mediaType":"\#(type)","size":\#(bytes.count)}"#)
        }
        let manifest = #"{"config":{"digest":"\#(try SpinTestLayout.digest(locked))","mediaType":"application/vnd.fermyon.spin.application.v1+config","size":\#(locked.count)},"layers":[\#(layers.joined(separator: ","))],"schemaVersion":2}"#
        let reference = try push((Data(manifest.utf8), [locked, wasm, text]), to: registry, repository: "spin/old")
        let output = try cli.temporaryDirectory()
        let pull = try cli.run(["pull", reference, "-o", output + "/layout", "--extract", output + "/app", "--plain-http"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(FileManager.default.contents(atPath: output + "/app/hello/files/static/b.txt") == text)
        #expect(FileManager.default.fileExists(atPath: output + "/app/spin.toml"))
        #expect(try SpinConsumerChecker.problems(layout: output + "/layout", tag: "v1") == [])
    }

    @Test func aWasmThatIsNoWasmLayerIsRefusedAsIncomplete() throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let artifact = try SpinTestLayout.spinArtifact(
            locked: try Self.file("spin.locked.json"),
            layers: [(Self.dataType, try Self.file("app/hello.wasm")), (Self.dataType, try Self.file("app/static/b.txt"))])
        let reference = try push(artifact, to: registry, repository: "spin/nowasm")
        let output = try cli.temporaryDirectory()
        let pull = try cli.run(["pull", reference, "-o", output + "/layout", "--extract", output + "/app", "--plain-http"])
        #expect(pull.status != 0)
        #expect(pull.stderr.contains("the wasm of component 'hello'"), "\(pull.stderr)")
        #expect(!FileManager.default.fileExists(atPath: output + "/app"))
    }
}

/// Round trip: what `build --format spin` pushes, `pull --extract` writes back as an app that
/// builds to the very same artifact.
@Suite("Spin artifact round trip", .enabled(if: TestRegistry.isAvailable))
struct SpinRoundTripTests {
    let cli = Wasmpack()

    @Test(arguments: ["spin-hello", "v2-multi", "v1-wagi", "exclude-files", "spin-registry/app", "spin-registry/rich", "spin-registry/deps"], [[], ["--archive-layers"]])
    func buildPushPullExtractAndRebuildGivesTheSameDigest(app: String, flags: [String]) throws {
        let registry = try TestRegistry.start(.plain)
        defer { registry.stop() }
        let work = try cli.temporaryDirectory()
        let build = try cli.run(["build", CommandLineTests.testdata + "/" + app, "--format", "spin", "-o", work + "/built"] + flags)
        #expect(build.status == 0, "\(build.stderr)")
        let digest = build.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
        let reference = "\(registry.host)/round/trip:v1"
        let push = try cli.run(["push", reference, "--layout", work + "/built", "--plain-http"])
        #expect(push.status == 0, "\(push.stderr)")
        let pull = try cli.run(["pull", reference, "-o", work + "/pulled", "--extract", work + "/app", "--plain-http"])
        #expect(pull.status == 0, "\(pull.stderr)")
        #expect(try SpinConsumerChecker.problems(layout: work + "/pulled", tag: "v1") == [])
        let rebuild = try cli.run(["build", work + "/app", "--format", "spin", "-o", work + "/rebuilt"] + flags)
        #expect(rebuild.status == 0, "\(rebuild.stderr)")
        let again = rebuild.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "\n").last.map(String.init) ?? ""
        #expect(digest.hasPrefix("sha256:") && again == digest, "\(app): \(digest) then \(again)")
    }
}
