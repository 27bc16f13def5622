import WasmPackOCI

/// Turns documents into one multi-document YAML stream. The objects become an ordered tree
/// (JSONValueEncoder keeps declaration order) and libyaml writes each document (YAMLEmitter),
/// quoting any string that would otherwise read back as a number, bool or null. libyaml directly
/// rather than Yams: Yams imports full Foundation, which would bring ICU back into the executable;
/// the output is byte for byte what Yams wrote (libyaml is the emitter Yams bundles).
/// Comments are not part of YAML's data model, so they are written as `#` lines above a document.
public enum KubernetesYAML {
    public static func text(_ documents: [KubeDocument]) throws(KubeError) -> String {
        var text = ""
        for document in documents {
            text += "---\n"
            for comment in document.comments { text += "# " + comment + "\n" }
            let tree: JSONValue
            do { tree = try JSONValueEncoder().encode(document.object) } catch {
                throw .yaml("\(document.object.kind): \(error)")
            }
            do { text += try YAMLEmitter.document(tree) } catch {
                throw .yaml("\(document.object.kind): \(error)")
            }
        }
        return text
    }
}
