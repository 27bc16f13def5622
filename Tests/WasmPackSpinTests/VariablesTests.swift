import Testing
import WasmPackSpin

/// The app's `[variables]` as deployment output needs them: order, default, required, secret.
@Suite struct VariablesTests {
    @Test func variablesComeInManifestOrderWithTheirFlags() throws {
        let app = try TemporaryApp(manifest: """
            spin_manifest_version = 2
            [application]
            name = "v"
            [variables]
            zeta = { default = "z" }
            api_key = { required = true, secret = true }
            alpha = { required = true }
            """)
        #expect(try SpinManifestReader().variables(path: app.root) == [
            SpinVariable(name: "zeta", defaultValue: "z", required: false, secret: false),
            SpinVariable(name: "api_key", defaultValue: nil, required: true, secret: true),
            SpinVariable(name: "alpha", defaultValue: nil, required: true, secret: false),
        ])
        let none = try TemporaryApp(manifest: "spin_manifest_version = 2\n[application]\nname = \"v\"\n")
        #expect(try SpinManifestReader().variables(path: none.manifest).isEmpty)
    }

    @Test func aFlagThatIsNotABooleanNamesItsKey() throws {
        let app = try TemporaryApp(manifest: """
            spin_manifest_version = 2
            [application]
            name = "v"
            [variables]
            token = { secret = "yes" }
            """)
        #expect {
            try SpinManifestReader().variables(path: app.root)
        } throws: { error in
            "\(error)".contains("[variables] token.secret") && "\(error)".contains("true or false")
        }
    }
}
