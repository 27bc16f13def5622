import WasmPackPlatform

/// Pins the character set libarchive converts paths from, so non-ASCII paths give the same bytes
/// whatever the process locale is.
///
/// libarchive's pax writer converts every path from the locale's charset to UTF-8. In the "C"
/// locale (where Swift programs start) a non-ASCII path fails to convert and libarchive falls
/// back to `hdrcharset=BINARY` headers, so the layer would depend on the caller's `LANG`.
/// (The writer's own `hdrcharset=BINARY` option is no way out: it adds a pax header to every member.)
enum UTF8CharacterType {
    /// Runs `body` with the calling thread's LC_CTYPE set to C.UTF-8. `uselocale` is per-thread,
    /// so other threads are unaffected; `body` must not suspend. If C.UTF-8 is missing, `body`
    /// runs in the current locale and a non-ASCII path fails with libarchive's warning as an
    /// error rather than producing different bytes; ASCII paths never need the locale.
    static func withUTF8Paths<Result, Failure: Error>(_ body: () throws(Failure) -> Result) throws(Failure) -> Result {
        guard let utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", nil) else { return try body() }
        let previous = uselocale(utf8)
        defer {
            uselocale(previous)
            freelocale(utf8)
        }
        return try body()
    }
}
