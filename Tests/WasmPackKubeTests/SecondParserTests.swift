import Foundation
import Testing
import WasmPackBuild
import WasmPackKube
import WasmPackOCI
import WasmPackSpin
import WasmPackTestSupport

/// PyYAML (Debian python3-yaml), a YAML 1.1 reader like the go-yaml behind kubectl, reads the
/// stream as exactly the objects wasmpack meant: same documents, same values, same types.
@Suite(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")))
struct SecondParserTests {
    static let script = "import sys, json, yaml; json.dump(list(yaml.safe_load_all(sys.stdin)), sys.stdout)"

    @Test(arguments: RuntimeTarget.all, [false, true])
    func pyYAMLReadsTheObjectsWasmpackMeant(target: RuntimeTarget, spinApp: Bool) throws {
        guard !spinApp || target.spinAppExecutor != nil else { return }
        var options = KubeOptions()
        options.spinApp = spinApp
        options.clusterObjects = true
        options.namespace = "apps"
        options.nodeSelector = ["example.com/pool": "wasm", "yes": "no"]
        let awkward = ["true", "0755", "1e3", "null", "", "a: b", "line\nbreak", "ünï ✓", "'q'", "ls\u{2028}ps\u{2029}nel\u{85}"]
        let variables = Fixtures.variables + awkward.enumerated().map {
            SpinVariable(name: "v\($0.offset)", defaultValue: $0.element, required: false, secret: false)
        }
        let manifest = try KubeManifest(image: Fixtures.image, target: target, options: options, variables: variables)
        let yaml = try KubernetesYAML.text(manifest.documents)

        let python = try ExternalCommand.run("/usr/bin/python3", ["-c", Self.script], input: Data(yaml.utf8))
        #expect(python.status == 0, "\(python.errorOutput)")
        let theirs = try JSONSerialization.jsonObject(with: python.output) as? NSArray
        let ours = try manifest.documents.map {
            try JSONSerialization.jsonObject(with: Data(JSONValueEncoder().bytes($0.object)))
        } as NSArray
        #expect(theirs == ours, "\(python.text)")
    }
}
