import Testing
import WasmPackBuild
import WasmPackWasm

/// `InterfaceRule.Versions.linkedFrom` matches an import the way wasmtime's component `Linker`
/// finds a host definition: exact name, else the newest host version on the same semver track.
@Suite("Interface rules")
struct InterfaceRuleTests {
    static func rule(_ hosted: String...) -> InterfaceRule {
        InterfaceRule("a", versions: .linkedFrom(hosted.map { WasmSemanticVersion(parsing: $0)! }))
    }

    static func links(_ rule: InterfaceRule, _ name: String) -> Bool {
        rule.matches(WasmInterfaceName(parsing: name)!)
    }

    @Test(arguments: [
        ("0.2.6", "a:b/c@0.2.0", true), ("0.2.6", "a:b/c@0.2.9", true), ("0.2.6", "a:b/c@0.3.0", false),
        ("3.0.0", "a:b/c@3.1.0", true), ("3.0.0", "a:b/c@4.0.0", false), ("3.0.0", "a:b/c@2.9.0", false),
        ("0.0.1", "a:b/c@0.0.1", true), ("0.0.1", "a:b/c@0.0.2", false),
        ("0.3.0-rc-2026-01-06", "a:b/c@0.3.0-rc-2026-01-06", true), ("0.3.0-rc-2026-01-06", "a:b/c@0.3.0", false),
        ("0.3.0-rc-2026-01-06", "a:b/c@0.3.0-rc-2026-03-15", false), ("0.3.0", "a:b/c@0.3.0-rc-2026-01-06", false),
        ("0.2.6", "a:b/c@0.2.7+build", true), ("0.2.0-rc.1", "a:b/c@0.2.0-rc.1+build", true),
    ])
    func aVersionLinksOnlyOnTheHostsSemverTrackAndAPreReleaseOnlyToItself(hosted: String, imported: String, linked: Bool) {
        #expect(Self.links(Self.rule(hosted), imported) == linked)
    }

    @Test func anUnversionedImportNeverMatchesAVersionedRule() {
        #expect(!Self.links(Self.rule("1.0.0"), "a:b/c"))
    }
}
