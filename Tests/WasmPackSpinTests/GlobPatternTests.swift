import Testing
@testable import WasmPackSpin

@Suite("Glob patterns (Rust glob crate semantics)")
struct GlobPatternTests {
    // `Pattern::matches_path` with default options, as Spin applies `exclude_files`: `*` crosses
    // `/`, `**/` matches nothing or anything ending in `/`. Typed outside the macro so the type
    // checker has nothing to infer.
    static let pathCases: [(pattern: String, path: String, matches: Bool)] = [
        ("*.txt", "a.txt", true),
        ("*.txt", ".hidden.txt", true),
        ("*", ".env", true),
        ("*.txt", "dir/a.txt", true),
        ("*.map", "dist/assets/app.js.map", true),
        ("thisshouldbeexcluded/*", "thisshouldbeexcluded/deeper/5", true),
        ("thisshouldbeexcluded/*", "thisshouldbeexcluded", false),
        ("static/*", "other/a.txt", false),
        ("**/secret", "secret", true),
        ("**/secret", "a/b/secret", true),
        ("**/secret", "xsecret", false),
        ("**/*.css", "site.css", true),
        ("**/*.css", "a/b/site.css", true),
        ("static/**/*.css", "static/site.css", true),
        ("static/**/*.css", "static/x/y/site.css", true),
        ("static/**/*.css", "other/site.css", false),
        ("a/**/b/*.txt", "a/x/y/b/c.txt", true),
        ("a/**", "a/b/c.txt", true),
        ("file?.txt", "file1.txt", true),
        ("file?.txt", "file10.txt", false),
        ("file?.txt", "file/.txt", true),
        ("[abc].txt", "b.txt", true),
        ("[abc].txt", "d.txt", false),
        ("[a-c]x", "bx", true),
        ("[a-c]x", "dx", false),
        ("[!a-c]x", "dx", true),
        ("[!a-c]x", "ax", false),
        ("[^a]x", "^x", true),
        ("[]]", "]", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
        ("public/index.html", "public/index.html", true),
    ]

    @Test(arguments: pathCases)
    func matchesWholePathsTheWayExcludeFilesDoes(pattern: String, path: String, expected: Bool) throws {
        #expect(try PathPattern(pattern).matches(path) == expected)
    }

    static let invalid: [(String, PathPattern.SyntaxError)] = [
        ("a**", .recursiveWildcardNotAComponent),
        ("**b", .recursiveWildcardNotAComponent),
        ("a/***", .tooManyStars),
        ("[", .invalidRange),
        ("[a", .invalidRange),
        ("[!]", .invalidRange),
    ]

    @Test(arguments: invalid)
    func patternsTheGlobCrateRefusesAreRefused(pattern: String, error: PathPattern.SyntaxError) {
        #expect(throws: error) { try PathPattern(pattern) }
    }

    @Test func hostilePatternsNeitherCrashNorHang() throws {
        let stars = String(repeating: "*a", count: PathPattern.wildcardLimit) + "b"
        #expect(try !PathPattern(stars).matches(String(repeating: "a", count: 4000)))
        #expect(throws: PathPattern.SyntaxError.tooManyWildcards(limit: PathPattern.wildcardLimit)) {
            try PathPattern(String(repeating: "*a", count: 100_000))
        }
        #expect(try GlobPattern(Array(repeating: "**", count: 1000).joined(separator: "/") + "/x").segments.count == 2)
    }

    @Test func literalPatternsAreRecognised() throws {
        #expect(try PathPattern("static/index.html").isLiteral)
        #expect(try !PathPattern("static/*.html").isLiteral)
        #expect(try !PathPattern("file[12]").isLiteral)
        #expect(try GlobPattern("static/**").segments.last == .anyDirectories)
    }
}
