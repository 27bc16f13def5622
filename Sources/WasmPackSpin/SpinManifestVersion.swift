/// The schema version of a spin.toml, from `spin_manifest_version` (alias `spin_version`).
// formats.md 6.1: the string "1" is v1, the integer 2 is v2 (spin `ManifestVersion::detect`).
public enum SpinManifestVersion: String, Sendable, Hashable {
    case v1
    case v2
}
