/// The git commit this binary was built from, for `wasmpack --version`.
///
/// scripts/package.sh and scripts/install.sh build from an exported copy of the commit and rewrite
/// the value there, so release binaries name their commit and the checkout is never modified; a plain
/// `swift build` says "unknown" (its tree may hold changes no commit has). Being a source line
/// rather than a build flag, the same commit always gives the same binary.
enum BuildCommit {
    static let hash = "unknown"
}
