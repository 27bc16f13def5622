/// The content of the `oci-layout` file.
// https://github.com/opencontainers/image-spec/blob/v1.1.1/image-layout.md#oci-layout-file
struct LayoutMarker: Codable {
    var imageLayoutVersion: String
}
