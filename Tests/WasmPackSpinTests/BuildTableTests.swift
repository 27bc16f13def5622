import Testing
@testable import WasmPackSpin

/// `[component.<id>.build]` (v1 `[component.build]`), read for `--build` without touching the files
/// the build makes.
@Suite("Build tables")
struct BuildTableTests {
    let reader = SpinManifestReader()

    @Test func buildPlanReadsCommandWorkdirAndWatchBeforeTheSourceExists() throws {
        let app = try TemporaryApp(manifest: v2Manifest(
            component: "", extra: "[component.app.build]\ncommand = \"cargo build\"\nworkdir = \"api\"\nwatch = [\"src/**/*.rs\"]"))
        let plan = try reader.buildPlan(path: app.root)
        #expect(plan.manifest == app.manifest)
        #expect(plan.rootDirectory == app.root)
        let build = try #require(plan.components.first?.build)
        #expect(plan.components.map(\.id) == ["app"])
        #expect(build.commands == ["cargo build"])
        #expect(build.workdir == "api")
        #expect(build.watch == ["src/**/*.rs"])
        #expect(try plan.workingDirectory(for: build) == app.root + "/api")
    }

    @Test func anArrayOfCommandsKeepsItsOrder() throws {
        let app = try TemporaryApp(manifest: v2Manifest(extra: "[component.app.build]\ncommand = [\"a\", \"b c\"]"))
        let build = try #require(try reader.buildPlan(path: app.root).components.first?.build)
        #expect(build.commands == ["a", "b c"])
        #expect(try reader.buildPlan(path: app.root).workingDirectory(for: build) == app.root)
    }

    @Test func aComponentWithoutABuildTableHasNoBuild() throws {
        let app = try TemporaryApp(manifest: v2Manifest())
        #expect(try reader.buildPlan(path: app.root).components == [SpinBuildPlan.Component(id: "app", build: nil)])
    }

    @Test func aV1ComponentBuildTableIsRead() throws {
        let manifest = """
            spin_manifest_version = "1"
            name = "v1"
            trigger = { type = "http", base = "/" }
            [[component]]
            id = "hello"
            source = "out/hello.wasm"
            [component.trigger]
            route = "/..."
            [component.build]
            command = "make"
            workdir = "src"
            """
        let app = try TemporaryApp(manifest: manifest)
        let plan = try reader.buildPlan(path: app.root)
        #expect(plan.components.map(\.id) == ["hello"])
        #expect(plan.components.first?.build?.commands == ["make"])
        #expect(plan.components.first?.build?.workdir == "src")
    }

    @Test func aCommandThatIsNeitherStringNorArrayNamesTheKey() throws {
        let app = try TemporaryApp(manifest: v2Manifest(extra: "[component.app.build]\ncommand = 3"), files: ["app.wasm": ""])
        let error = SpinManifestError.wrongType(manifest: app.manifest, key: "[component.app] build.command",
                                                expected: "a string or an array of strings", found: "integer 3")
        #expect(throws: error) { try reader.buildPlan(path: app.root) }
        // The schema check is the same when the app is read for packing.
        #expect(throws: error) { try reader.read(path: app.root) }
    }

    @Test func aBuildTableWithoutCommandNamesTheMissingKey() throws {
        let app = try TemporaryApp(manifest: v2Manifest(extra: "[component.app.build]\nworkdir = \"x\""))
        #expect(throws: SpinManifestError.missingKey(manifest: app.manifest, key: "[component.app] build.command")) {
            try reader.buildPlan(path: app.root)
        }
    }

    @Test func anAbsoluteWorkdirIsRefusedOnlyWhenBuilding() throws {
        let app = try TemporaryApp(manifest: v2Manifest(extra: "[component.app.build]\ncommand = \"make\"\nworkdir = \"/tmp\""),
                                   files: ["app.wasm": ""])
        // Spin packs such an app; only `spin build` refuses the workdir.
        _ = try reader.read(path: app.root)
        let plan = try reader.buildPlan(path: app.root)
        let build = try #require(plan.components.first?.build)
        #expect(throws: SpinManifestError.absolutePath(manifest: app.manifest, key: "[component.app] build.workdir", path: "/tmp")) {
            try plan.workingDirectory(for: build)
        }
    }
}
