/// How a `JSONValue` is written out. Both styles are compact (no whitespace, no trailing newline).
public enum JSONStyle: Sendable {
    /// Keys sorted by their UTF-8 bytes; only `"`, `\` and control characters escaped; `/` never escaped.
    /// This is what the OCI specs call canonical JSON and what Spin and oci-client emit.
    // https://github.com/opencontainers/image-spec/blob/v1.1.1/considerations.md#json
    case canonical
    /// Struct members in declaration order, maps sorted, and `<`, `>`, `&`, U+2028, U+2029 escaped,
    /// as Go's encoding/json writes them (wasm-to-oci, oras-go).
    case go
    /// Object members in insertion order (maps sorted), escaping like `canonical` plus `\b` and `\f`:
    /// serde_json's compact output, which is how Spin writes its locked app (a struct, so not sorted).
    case serde
}
