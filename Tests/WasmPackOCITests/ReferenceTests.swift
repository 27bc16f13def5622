import Testing
@testable import WasmPackOCI

private let hex = String(repeating: "0123456789abcdef", count: 4)
private let digest = try! Digest(parsing: "sha256:\(hex)")

@Suite struct ReferenceTests {
    struct Valid: Sendable, CustomTestStringConvertible {
        let text: String
        let registry: String
        let repository: String
        var tag: String? = nil
        var digest: Digest? = nil
        let normalised: String
        var testDescription: String { text }
    }

    static let valid: [Valid] = [
        Valid(text: "nginx", registry: "docker.io", repository: "library/nginx",
              normalised: "docker.io/library/nginx"),
        Valid(text: "nginx:latest", registry: "docker.io", repository: "library/nginx", tag: "latest",
              normalised: "docker.io/library/nginx:latest"),
        Valid(text: "user/app", registry: "docker.io", repository: "user/app",
              normalised: "docker.io/user/app"),
        Valid(text: "docker.io/nginx", registry: "docker.io", repository: "library/nginx",
              normalised: "docker.io/library/nginx"),
        Valid(text: "docker.io/library/nginx:1.25", registry: "docker.io", repository: "library/nginx", tag: "1.25",
              normalised: "docker.io/library/nginx:1.25"),
        Valid(text: "index.docker.io/user/app", registry: "docker.io", repository: "user/app",
              normalised: "docker.io/user/app"),
        Valid(text: "index.docker.io/busybox", registry: "docker.io", repository: "library/busybox",
              normalised: "docker.io/library/busybox"),
        Valid(text: "localhost:5000/a/b:c", registry: "localhost:5000", repository: "a/b", tag: "c",
              normalised: "localhost:5000/a/b:c"),
        Valid(text: "localhost/app", registry: "localhost", repository: "app",
              normalised: "localhost/app"),
        // Like docker: without a slash, "localhost:5000" is the repository library/localhost at tag 5000.
        Valid(text: "localhost:5000", registry: "docker.io", repository: "library/localhost", tag: "5000",
              normalised: "docker.io/library/localhost:5000"),
        Valid(text: "127.0.0.1:5000/x", registry: "127.0.0.1:5000", repository: "x",
              normalised: "127.0.0.1:5000/x"),
        Valid(text: "[::1]:5000/x:y", registry: "[::1]:5000", repository: "x", tag: "y",
              normalised: "[::1]:5000/x:y"),
        Valid(text: "[2001:db8::1]/app", registry: "[2001:db8::1]", repository: "app",
              normalised: "[2001:db8::1]/app"),
        Valid(text: "[1:2:3:4:5:6:7:8]:443/app", registry: "[1:2:3:4:5:6:7:8]:443", repository: "app",
              normalised: "[1:2:3:4:5:6:7:8]:443/app"),
        Valid(text: "[fe80::]/app", registry: "[fe80::]", repository: "app", normalised: "[fe80::]/app"),
        Valid(text: "myreg.azurecr.io/app:v1", registry: "myreg.azurecr.io", repository: "app", tag: "v1",
              normalised: "myreg.azurecr.io/app:v1"),
        Valid(text: "ghcr.io/org/team/app@sha256:\(hex)", registry: "ghcr.io", repository: "org/team/app",
              digest: digest, normalised: "ghcr.io/org/team/app@sha256:\(hex)"),
        Valid(text: "host.example:8443/repo:v1@sha256:\(hex)", registry: "host.example:8443", repository: "repo",
              tag: "v1", digest: digest, normalised: "host.example:8443/repo:v1@sha256:\(hex)"),
        Valid(text: "ubuntu@sha256:\(hex)", registry: "docker.io", repository: "library/ubuntu",
              digest: digest, normalised: "docker.io/library/ubuntu@sha256:\(hex)"),
        Valid(text: "a.b/c__d/e-----f/g.h_i", registry: "a.b", repository: "c__d/e-----f/g.h_i",
              normalised: "a.b/c__d/e-----f/g.h_i"),
        Valid(text: "nginx:_V1.2-rc_3", registry: "docker.io", repository: "library/nginx", tag: "_V1.2-rc_3",
              normalised: "docker.io/library/nginx:_V1.2-rc_3"),
        // Host names are case-insensitive; the case written is kept.
        Valid(text: "Registry.Example.COM:443/app", registry: "Registry.Example.COM:443", repository: "app",
              normalised: "Registry.Example.COM:443/app"),
        // distribution reads an upper-case first component as a host, since a repository cannot be.
        Valid(text: "MyHost/app", registry: "MyHost", repository: "app", normalised: "MyHost/app"),
    ]

    @Test(arguments: valid)
    func parsesValidReference(_ expected: Valid) throws {
        let reference = try Reference(parsing: expected.text)
        #expect(reference.registry == expected.registry)
        #expect(reference.repository == expected.repository)
        #expect(reference.tag == expected.tag)
        #expect(reference.digest == expected.digest)
        #expect(reference.description == expected.normalised)
    }

    @Test(arguments: valid)
    func descriptionParsesBackToTheSameReference(_ expected: Valid) throws {
        let reference = try Reference(parsing: expected.text)
        let reparsed = try Reference(parsing: reference.description)
        #expect(reparsed == reference)
        #expect(reparsed.description == reference.description)
    }

    static let invalid: [(String, ReferenceError)] = [
        ("", .empty),
        (":v1", .missingRepository(":v1")),
        ("@sha256:\(hex)", .missingRepository("@sha256:\(hex)")),
        ("a/", .trailingSlash("a/")),
        ("ghcr.io/", .trailingSlash("ghcr.io/")),
        ("ghcr.io/app/:v1", .trailingSlash("ghcr.io/app/:v1")),
        ("a//b", .emptyPathComponent("a//b")),
        ("/a", .emptyPathComponent("/a")),
        ("Nginx", .uppercaseRepository("Nginx", repository: "Nginx")),
        ("ghcr.io/Org/app", .uppercaseRepository("ghcr.io/Org/app", repository: "Org/app")),
        ("ghcr.io/org/app!", .invalidPathComponent("ghcr.io/org/app!", component: "app!")),
        ("a..b", .invalidPathComponent("a..b", component: "a..b")),
        ("a___b", .invalidPathComponent("a___b", component: "a___b")),
        ("a._b", .invalidPathComponent("a._b", component: "a._b")),
        ("-a", .invalidPathComponent("-a", component: "-a")),
        ("x/a-", .invalidPathComponent("x/a-", component: "a-")),
        ("a b", .invalidPathComponent("a b", component: "a b")),
        ("ghcr.io/naïve", .invalidPathComponent("ghcr.io/naïve", component: "naïve")),
        ("my_host.io/app", .invalidHost("my_host.io/app", host: "my_host.io")),
        ("-host.io/app", .invalidHost("-host.io/app", host: "-host.io")),
        ("host-.io/app", .invalidHost("host-.io/app", host: "host-.io")),
        ("host..io/app", .invalidHost("host..io/app", host: "host..io")),
        (":5000/app", .invalidHost(":5000/app", host: "")),
        ("[::1]x/app", .invalidHost("[::1]x/app", host: "[::1]x")),
        ("host.io:/app", .invalidPort("host.io:/app", port: "")),
        ("host.io:abc/app", .invalidPort("host.io:abc/app", port: "abc")),
        ("host.io:0/app", .invalidPort("host.io:0/app", port: "0")),
        ("host.io:65536/app", .invalidPort("host.io:65536/app", port: "65536")),
        ("host.io:5000:1/app", .invalidPort("host.io:5000:1/app", port: "5000:1")),
        ("[::1/app", .invalidIPv6Address("[::1/app", literal: "[::1")),
        ("[]/app", .invalidIPv6Address("[]/app", literal: "[]")),
        ("[:::1]/app", .invalidIPv6Address("[:::1]/app", literal: "[:::1]")),
        ("[1::2::3]/app", .invalidIPv6Address("[1::2::3]/app", literal: "[1::2::3]")),
        ("[:1]/app", .invalidIPv6Address("[:1]/app", literal: "[:1]")),
        ("[g::1]/app", .invalidIPv6Address("[g::1]/app", literal: "[g::1]")),
        ("[12345::1]/app", .invalidIPv6Address("[12345::1]/app", literal: "[12345::1]")),
        ("[1:2:3:4:5:6:7]/app", .invalidIPv6Address("[1:2:3:4:5:6:7]/app", literal: "[1:2:3:4:5:6:7]")),
        ("[1:2:3:4:5:6:7:8::]/app", .invalidIPv6Address("[1:2:3:4:5:6:7:8::]/app", literal: "[1:2:3:4:5:6:7:8::]")),
        ("nginx:", .invalidTag("nginx:", tag: "")),
        ("nginx:.v1", .invalidTag("nginx:.v1", tag: ".v1")),
        ("nginx:-v1", .invalidTag("nginx:-v1", tag: "-v1")),
        ("nginx:v1!", .invalidTag("nginx:v1!", tag: "v1!")),
        ("nginx@", .invalidDigest("nginx@", .missingAlgorithm(""))),
        ("nginx@sha256:abc", .invalidDigest("nginx@sha256:abc", .invalidHex("sha256:abc", expectedLength: 64))),
        ("nginx@md5:abc", .invalidDigest("nginx@md5:abc", .unsupportedAlgorithm("md5:abc", algorithm: "md5"))),
        (hex, .ambiguousImageID(hex)),
    ]

    @Test(arguments: invalid)
    func rejectsMalformedReference(_ text: String, _ expected: ReferenceError) {
        #expect(throws: expected) { try Reference(parsing: text) }
    }

    @Test(arguments: invalid)
    func errorTextIsOneLineNamingTheReference(_ text: String, _ error: ReferenceError) {
        #expect(!error.description.contains("\n"))
        if !text.isEmpty { #expect(error.description.contains("'\(text)'")) }
    }

    @Test func uppercaseRepositoryMessageSaysLowercase() {
        let error = ReferenceError.uppercaseRepository("ghcr.io/Org/App", repository: "Org/App")
        #expect(error.description.contains("repository name must be lowercase"))
        #expect(error.description.contains("'org/app'"))
    }

    @Test func invalidDigestMessageIncludesTheDigestError() {
        let digestError = DigestError.invalidHex("sha256:abc", expectedLength: 64)
        #expect(ReferenceError.invalidDigest("x@sha256:abc", digestError).description.contains(digestError.description))
    }

    @Test func tagOf128CharactersIsAcceptedAnd129Rejected() throws {
        let longest = String(repeating: "t", count: 128)
        #expect(try Reference(parsing: "ghcr.io/app:\(longest)").tag == longest)
        let tooLong = longest + "t"
        #expect(throws: ReferenceError.invalidTag("ghcr.io/app:\(tooLong)", tag: tooLong)) {
            try Reference(parsing: "ghcr.io/app:\(tooLong)")
        }
    }

    @Test func nameOf255CharactersIsAcceptedAnd256Rejected() throws {
        // "h.io/" is 5 characters.
        let longest = "h.io/" + String(repeating: "a", count: 250)
        #expect(try Reference(parsing: longest + ":v1").name.utf8.count == 255)
        let tooLong = longest + "a"
        #expect(throws: ReferenceError.nameTooLong(tooLong, length: 256)) { try Reference(parsing: tooLong) }
    }

    @Test func nameLengthCountsDockerHubNormalisation() {
        // 237 + "docker.io/library/".count (18) = 255 is fine; one more is not.
        let fits = String(repeating: "a", count: 237)
        #expect(throws: Never.self) { try Reference(parsing: fits) }
        #expect(throws: ReferenceError.nameTooLong(fits + "a", length: 256)) { try Reference(parsing: fits + "a") }
    }

    @Test func dockerHubTalksToRegistryOneAndOthersToTheirOwnHost() throws {
        #expect(try Reference(parsing: "nginx").apiHost == "registry-1.docker.io")
        #expect(try Reference(parsing: "index.docker.io/user/app").apiHost == "registry-1.docker.io")
        #expect(try Reference(parsing: "localhost:5000/app").apiHost == "localhost:5000")
        #expect(try Reference(parsing: "[::1]:5000/app").apiHost == "[::1]:5000")
    }

    @Test func tagOrDigestPrefersDigestThenTagThenLatest() throws {
        #expect(try Reference(parsing: "ghcr.io/app").tagOrDigest == "latest")
        #expect(try Reference(parsing: "ghcr.io/app:v1").tagOrDigest == "v1")
        #expect(try Reference(parsing: "ghcr.io/app@sha256:\(hex)").tagOrDigest == "sha256:\(hex)")
        #expect(try Reference(parsing: "ghcr.io/app:v1@sha256:\(hex)").tagOrDigest == "sha256:\(hex)")
    }

    @Test func withTagValidatesAndDropsTheDigest() throws {
        let pinned = try Reference(parsing: "ghcr.io/org/app:v1@sha256:\(hex)")
        let retagged = try pinned.withTag("v2")
        #expect(retagged.description == "ghcr.io/org/app:v2")
        #expect(throws: ReferenceError.invalidTag("ghcr.io/org/app:-bad", tag: "-bad")) { try pinned.withTag("-bad") }
    }

    @Test func withDigestKeepsTheTag() throws {
        let tagged = try Reference(parsing: "ghcr.io/org/app:v1")
        #expect(tagged.withDigest(digest).description == "ghcr.io/org/app:v1@sha256:\(hex)")
    }
}
