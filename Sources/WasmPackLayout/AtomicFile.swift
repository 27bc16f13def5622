/// Writes a small file whole or not at all, for outputs beside a layout (`push --kube FILE`):
/// a temporary sibling, synced, then renamed over `path`, so a reader never sees half of it and a
/// failure leaves what was there.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws(LayoutError) {
        try FileSystem.writeAtomically(bytes, to: path)
    }
}
