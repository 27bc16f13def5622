import CYAML
import WasmPackOCI

/// One YAML document from a JSON tree, written by libyaml's emitter (the C library Yams bundles)
/// with the settings `Yams.serialize(node:indent: 2, width: -1, allowUnicode: true)` used: block
/// style, two-space indent, no line folding, UTF-8 kept as is. Strings a YAML 1.1 reader would take
/// for another type (`true`, `on`, `1e3`, `~`, a date) are single-quoted, as Yams's
/// `String.represented()` does; libyaml quotes whatever else needs it. Output is byte for byte
/// what the Yams version of KubernetesYAML wrote.
enum YAMLEmitter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private final class Output {
        var bytes: [UInt8] = []
    }

    private static let stringTag = "tag:yaml.org,2002:str"

    static func document(_ value: JSONValue) throws(Failure) -> String {
        var emitter = yaml_emitter_t()
        guard yaml_emitter_initialize(&emitter) == 1 else { throw Failure(description: "libyaml cannot start an emitter") }
        defer { yaml_emitter_delete(&emitter) }
        let output = Output()
        yaml_emitter_set_output(&emitter, { context, buffer, size in
            guard let context, let buffer else { return 0 }
            Unmanaged<Output>.fromOpaque(context).takeUnretainedValue().bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
            return 1
        }, Unmanaged.passUnretained(output).toOpaque())
        yaml_emitter_set_canonical(&emitter, 0)
        yaml_emitter_set_indent(&emitter, 2)
        yaml_emitter_set_width(&emitter, -1)
        yaml_emitter_set_unicode(&emitter, 1)
        yaml_emitter_set_break(&emitter, YAML_LN_BREAK)
        yaml_emitter_set_encoding(&emitter, YAML_UTF8_ENCODING)

        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try emit(&event, with: &emitter)
        yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
        try emit(&event, with: &emitter)
        try emit(value, with: &emitter)
        yaml_document_end_event_initialize(&event, 1)
        try emit(&event, with: &emitter)
        yaml_stream_end_event_initialize(&event)
        try emit(&event, with: &emitter)
        return String(decoding: output.bytes, as: UTF8.self)
    }

    private static func emit(_ value: JSONValue, with emitter: inout yaml_emitter_t) throws(Failure) {
        var event = yaml_event_t()
        switch value {
        case .null: try scalar("null", tag: "tag:yaml.org,2002:null", quoted: false, with: &emitter)
        case .bool(let flag): try scalar(flag ? "true" : "false", tag: "tag:yaml.org,2002:bool", quoted: false, with: &emitter)
        case .integer(let number): try scalar(String(number), tag: "tag:yaml.org,2002:int", quoted: false, with: &emitter)
        case .double(let number): try scalar(String(number), tag: "tag:yaml.org,2002:float", quoted: false, with: &emitter)
        case .string(let text): try string(text, with: &emitter)
        case .array(let elements):
            var tag = Array("tag:yaml.org,2002:seq".utf8) + [0]
            _ = tag.withUnsafeMutableBufferPointer { yaml_sequence_start_event_initialize(&event, nil, $0.baseAddress, 1, YAML_ANY_SEQUENCE_STYLE) }
            try emit(&event, with: &emitter)
            for element in elements { try emit(element, with: &emitter) }
            yaml_sequence_end_event_initialize(&event)
            try emit(&event, with: &emitter)
        case .object(let members, let sortedOnOutput):
            var tag = Array("tag:yaml.org,2002:map".utf8) + [0]
            _ = tag.withUnsafeMutableBufferPointer { yaml_mapping_start_event_initialize(&event, nil, $0.baseAddress, 1, YAML_ANY_MAPPING_STYLE) }
            try emit(&event, with: &emitter)
            // Swift dictionaries (labels, node selectors) have no order of their own: sorted, so
            // the same input always gives the same bytes.
            let ordered = sortedOnOutput ? members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) } : members
            for member in ordered {
                try string(member.key, with: &emitter)
                try emit(member.value, with: &emitter)
            }
            yaml_mapping_end_event_initialize(&event)
            try emit(&event, with: &emitter)
        }
    }

    /// A string, quoted when a plain scalar would read back as something else.
    private static func string(_ text: String, with emitter: inout yaml_emitter_t) throws(Failure) {
        try scalar(text, tag: stringTag, quoted: YAMLPlainScalar.tag(of: text) != "str", with: &emitter)
    }

    private static func scalar(_ text: String, tag: String, quoted: Bool, with emitter: inout yaml_emitter_t) throws(Failure) {
        var event = yaml_event_t()
        var bytes = Array(text.utf8)
        let count = Int32(bytes.count)
        bytes.append(0)
        var tagBytes = Array(tag.utf8) + [0]
        let style = quoted ? YAML_SINGLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE
        // Implicit for plain and quoted: no tag is written, the reader resolves it.
        _ = bytes.withUnsafeMutableBufferPointer { value in
            tagBytes.withUnsafeMutableBufferPointer { tag in
                yaml_scalar_event_initialize(&event, nil, tag.baseAddress, value.baseAddress, count, 1, 1, style)
            }
        }
        try emit(&event, with: &emitter)
    }

    private static func emit(_ event: inout yaml_event_t, with emitter: inout yaml_emitter_t) throws(Failure) {
        guard yaml_emitter_emit(&emitter, &event) == 1 else {
            let problem = emitter.problem.map { String(cString: $0) } ?? "unknown error"
            throw Failure(description: "libyaml: \(problem)")
        }
    }
}
