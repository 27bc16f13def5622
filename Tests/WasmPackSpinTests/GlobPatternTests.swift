import Testing
@testable import WasmPackSpin

@Suite("Glob patterns")
struct GlobPatternTests {
    // Typed outside the macro so the type checker has nothing to infer.
    static let cases: [(pattern: String, path: String, matches: Bool)] = [
        ("*.txt", "a.txt", true),
        ("*.txt", ".hidden.txt", true),
        ("*", ".env", true),
        ("*.txt", "dir/a.txt", false),
        ("static/*", "static/a/b.txt", false),
        ("**", "a/b/c", true),
        ("**/*.css", "site.css", true),
        ("**/*.css", "a/b/site.css", true),
        ("static/**/*.css", "static/site.css", true),
        ("static/**/*.css", "static/x/y/site.css", true),
        ("static/**/*.css", "other/site.css", false),
        ("a/**/b/*.txt", "a/x/y/b/c.txt", true),
        ("a/**", "a/b/c.txt", true),
        ("file?.txt", "file1.txt", true),
        ("file?.txt", "file10.txt", false),
        ("file?.txt", "file/.txt", false),
        ("[abc].txt", "b.txt", true),
        ("[abc].txt", "d.txt", false),
        ("[a-c]x", "bx", true),
        ("[a-c]x", "dx", false),
        ("[!a-c]x", "dx", true),
        ("[!a-c]x", "ax", false),
        ("[]]", "]", true),
        ("[", "[", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
        ("*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false),
        ("public/index.html", "public/index.html", true),
    ]

    @Test(arguments: cases)
    func matchesWholePaths(pattern: String, path: String, expected: Bool) {
        #expect(GlobPattern(pattern).matches(path) == expected)
    }

    @Test func literalPatternsAreRecognised() {
        #expect(GlobPattern("static/index.html").isLiteral)
        #expect(!GlobPattern("static/*.html").isLiteral)
        #expect(!GlobPattern("static/**").isLiteral)
        #expect(!GlobPattern("file[12]").isLiteral)
    }
}
