import Foundation
import Testing
import WasmPackTestSupport

/// `wasmpack inspect REF`, `tags`, `digest`, `copy`, `tag` and `delete` against real registries
/// with authentication, checked against skopeo where it can say.
@Suite("wasmpack registry commands", .enabled(if: TestRegistry.isAvailable))
struct RemoteCommandTests {
    let cli = Wasmpack()
    static let skopeo = "/usr/bin/skopeo"

    /// The flags and stdin that log in to `registry` (none for a registry without auth).
    func login(_ registry: TestRegistry) -> (arguments: [String], input: String) {
        guard let username = registry.username, let password = registry.password else { return ([], "") }
        return (["-u", username, "--password-stdin"], password)
    }

    /// Runs `wasmpack arguments` logged in to `registry`.
    func run(_ arguments: [String], as registry: TestRegistry, environment: [String: String] = [:]) throws -> Wasmpack.Run {
        let (flags, input) = login(registry)
        return try cli.run(arguments + flags, environment: environment, input: input, isolatedHome: true)
    }

    /// Builds and pushes a testdata app; returns the manifest digest.
    @discardableResult
    func push(_ registry: TestRegistry, _ repositoryAndTag: String, app: String = "v1-wagi") throws -> String {
        let push = try run(["push", "\(registry.host)/\(repositoryAndTag)", app], as: registry)
        #expect(push.status == 0, "\(push.stderr)")
        return String(push.stdout.split(separator: "@").last ?? "").trimmingCharacters(in: .newlines)
    }

    func skopeo(_ arguments: [String], _ registry: TestRegistry) throws -> ExternalCommand.Result {
        var options = ["--tls-verify=false"]
        if let username = registry.username, let password = registry.password { options += ["--creds", "\(username):\(password)"] }
        return try ExternalCommand.run(Self.skopeo, [arguments[0]] + options + arguments.dropFirst())
    }

    func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
    }

    /// The top-level keys of a JSON object, in the order written.
    func keys(_ text: String) -> [String] {
        // Keys at depth 1 only: walk the text tracking nesting and strings.
        var keys: [String] = []
        var depth = 0
        var inString = false
        var escaped = false
        var current = ""
        var lastString = ""
        for character in text {
            if inString {
                if escaped { escaped = false; current.append(character); continue }
                if character == "\\" { escaped = true; continue }
                if character == "\"" { inString = false; lastString = current; continue }
                current.append(character)
                continue
            }
            switch character {
            case "\"": inString = true; current = ""
            case "{", "[": depth += 1
            case "}", "]": depth -= 1
            case ":" where depth == 1: keys.append(lastString)
            default: break
            }
        }
        return keys
    }

    @Test(arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func tagsFollowTheLinkHeaderAcrossPages(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        // distribution 2.8 has no tag pages: the proxy serves them as distribution 3 does.
        let paged = try FaultProxy.start(upstream: registry.host, fault: .paginateTags)
        defer { paged.stop() }
        let digest = try push(registry, "paged/app:v1")
        let tag = try run(["tag", "\(registry.host)/paged/app:v1", "t1", "t2", "t3", "t4", "t5"], as: registry)
        #expect(tag.status == 0, "\(tag.stderr)")
        #expect(tag.stdout == "\(registry.host)/paged/app@\(digest)\n")

        let tags = try run(["tags", "\(paged.host)/paged/app", "--page-size", "2"], as: registry)
        #expect(tags.status == 0, "\(tags.stderr)")
        let listed = tags.stdout.split(separator: "\n").map(String.init)
        #expect(listed == ["t1", "t2", "t3", "t4", "t5", "v1"])
        // Six tags two at a time: the first page, then two more by their Link.
        let pages = paged.requestLog.filter { $0.hasPrefix("GET /v2/paged/app/tags/list?n=2") }
        #expect(pages.filter { $0.contains("last=") } == [
            "GET /v2/paged/app/tags/list?n=2&last=t2", "GET /v2/paged/app/tags/list?n=2&last=t4",
        ], "\(paged.requestLog)")

        // The same set as the registry itself and skopeo give.
        let direct = try run(["tags", "\(registry.host)/paged/app"], as: registry)
        #expect(direct.stdout.split(separator: "\n").map(String.init).sorted() == listed)
        let fromSkopeo = try skopeo(["list-tags", "docker://\(registry.host)/paged/app"], registry)
        #expect(fromSkopeo.status == 0, "\(fromSkopeo.errorOutput)")
        let skopeoTags = try #require(try object(fromSkopeo.text)["Tags"] as? [String])
        #expect(skopeoTags.sorted() == listed)

        let json = try run(["tags", "\(paged.host)/paged/app", "--page-size", "2", "--json"], as: registry)
        #expect(keys(json.stdout) == ["schemaVersion", "command", "repository", "tags"])
        let result = try object(json.stdout)
        #expect(result["command"] as? String == "tags")
        #expect(result["repository"] as? String == "\(paged.host)/paged/app")
        #expect(result["tags"] as? [String] == listed)
    }

    @Test(arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func digestPrintsOnlyTheDigestTheRegistryHas(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let digest = try push(registry, "digest/app:v1")
        let run = try run(["digest", "\(registry.host)/digest/app:v1"], as: registry)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == digest + "\n")

        let raw = try skopeo(["inspect", "--raw", "docker://\(registry.host)/digest/app:v1"], registry)
        let sha = try ExternalCommand.run("/usr/bin/sha256sum", [], input: raw.output)
        #expect("sha256:" + sha.text.prefix(64) == digest)

        let json = try self.run(["digest", "\(registry.host)/digest/app:v1", "--json"], as: registry)
        #expect(keys(json.stdout) == ["schemaVersion", "command", "reference", "ref", "digest", "mediaType", "size"])
        let result = try object(json.stdout)
        #expect(result["ref"] as? String == "\(registry.host)/digest/app@\(digest)")
        #expect(result["size"] as? Int == raw.output.count)

        let missing = try self.run(["digest", "\(registry.host)/digest/app:nope"], as: registry)
        #expect(missing.status == 1)
        #expect(missing.stdout.isEmpty)
        #expect(missing.stderrLines.count == 1 && missing.stderr.contains("MANIFEST_UNKNOWN"), "\(missing.stderr)")
    }

    @Test func digestFallsBackToGETWhenHEADNamesNoDigest() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let proxy = try FaultProxy.start(upstream: registry.host, fault: .noDigestOnHead)
        defer { proxy.stop() }
        let digest = try push(registry, "nohead/app:v1")
        let run = try run(["digest", "\(proxy.host)/nohead/app:v1"], as: registry)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == digest + "\n")
        let manifestRequests = proxy.requestLog.filter { $0.contains("/manifests/") }
        #expect(manifestRequests.last == "GET /v2/nohead/app/manifests/v1", "\(proxy.requestLog)")
        #expect(manifestRequests.contains("HEAD /v2/nohead/app/manifests/v1"))
    }

    @Test func inspectAndCopyOfAnIndexKeepItsBytes() throws {
        let registry = try TestRegistry.start(.basicAuth)
        defer { registry.stop() }
        let wasm = try push(registry, "multi/app:wasm")
        let other = try push(registry, "multi/app:other", app: "v2-multi")
        func entry(_ digest: String, _ os: String, _ architecture: String) throws -> [String: Any] {
            let raw = try skopeo(["inspect", "--raw", "docker://\(registry.host)/multi/app@\(digest)"], registry)
            return ["mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": digest, "size": raw.output.count,
                    "platform": ["os": os, "architecture": architecture]]
        }
        let index = try JSONSerialization.data(withJSONObject: [
            "schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
            "manifests": [try entry(other, "linux", "amd64"), try entry(wasm, "wasi", "wasm")],
        ], options: [.sortedKeys])
        let file = try cli.temporaryDirectory() + "/index.json"
        try index.write(to: URL(fileURLWithPath: file))
        let put = try ExternalCommand.run("/usr/bin/curl", [
            "-sS", "-f", "-u", "\(registry.username!):\(registry.password!)", "-X", "PUT",
            "-H", "Content-Type: application/vnd.oci.image.index.v1+json", "--data-binary", "@\(file)",
            "\(registry.baseURL)/v2/multi/app/manifests/both",
        ])
        #expect(put.status == 0, "\(put.errorOutput)")

        let text = try run(["inspect", "\(registry.host)/multi/app:both"], as: registry)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Media type:  application/vnd.oci.image.index.v1+json"))
        #expect(text.stdout.contains("\(wasm)  application/vnd.oci.image.manifest.v1+json"))
        #expect(text.stdout.contains("wasi/wasm") && text.stdout.contains("linux/amd64"))
        let indexJSON = try run(["inspect", "\(registry.host)/multi/app:both", "--json"], as: registry).stdout
        let (_, problems) = ResultSchema.check(indexJSON, command: "inspect", shape: ResultSchema.inspectIndex)
        #expect(problems.isEmpty, "\(problems) in \(indexJSON)")
        let json = try object(indexJSON)
        #expect((json["manifests"] as? [Any])?.count == 2)
        let raw = try run(["inspect", "\(registry.host)/multi/app:both", "--raw"], as: registry)
        #expect(Data(raw.stdout.utf8) == index)

        let copy = try run(["copy", "\(registry.host)/multi/app:both", "\(registry.host)/multi/copy", "-t", "v1"], as: registry)
        #expect(copy.status == 0, "\(copy.stderr)")
        let copied = try skopeo(["inspect", "--raw", "docker://\(registry.host)/multi/copy:v1"], registry)
        #expect(copied.output == index)
        for digest in [wasm, other] {
            #expect(try skopeo(["inspect", "--raw", "docker://\(registry.host)/multi/copy@\(digest)"], registry).status == 0)
        }
        let badTag = try run(["copy", "\(registry.host)/multi/app:both", "\(registry.host)/multi/copy", "-t", "bad tag"], as: registry)
        #expect(badTag.status == 64)
        #expect(badTag.stderr.contains("tag 'bad tag'"), "\(badTag.stderr)")
    }

    @Test(arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func inspectOfAReferenceReadsManifestAndConfigButNoLayer(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let digest = try push(registry, "look/app:v1")
        let reference = "\(registry.host)/look/app:v1"

        let text = try run(["inspect", reference, "--verbose"], as: registry)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("Digest:      \(digest)"))
        #expect(text.stdout.contains("Platform:    wasi/wasm"))
        #expect(text.stdout.contains("Format:      image"))
        // The config is the only blob read.
        let blobReads = text.stderr.split(separator: "\n").filter { $0.contains("/blobs/") && $0.contains("→ 200") }
        #expect(blobReads.count == 1, "\(text.stderr)")

        let json = try run(["inspect", reference, "--json"], as: registry)
        #expect(json.status == 0, "\(json.stderr)")
        #expect(Array(keys(json.stdout).prefix(5)) == ["schemaVersion", "command", "reference", "ref", "tag"])
        let result = try object(json.stdout)
        #expect(result["command"] as? String == "inspect")
        #expect(result["ref"] as? String == "\(registry.host)/look/app@\(digest)")
        #expect(result["platform"] as? String == "wasi/wasm")
        #expect(result["layout"] == nil)
        #expect((result["layers"] as? [Any])?.count == 1)

        let raw = try run(["inspect", reference, "--raw"], as: registry)
        #expect(raw.status == 0, "\(raw.stderr)")
        let fromSkopeo = try skopeo(["inspect", "--raw", "docker://\(reference)"], registry)
        #expect(Data(raw.stdout.utf8) == fromSkopeo.output)
    }

    @Test(arguments: ["no-such-layout", "app/missing.wasm"])
    func inspectOfAMissingPathIsNotLookedUpOnDockerHub(path: String) throws {
        let run = try cli.run(["inspect", path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("'\(path)' does not exist"), "\(run.stderr)")
        #expect(run.stderrLines.count == 1)
    }

    @Test func inspectStillTakesFormatJSONWithAWarning() throws {
        let output = try cli.temporaryDirectory() + "/layout"
        #expect(try cli.run(["build", "v1-wagi", "-o", output]).status == 0)
        let old = try cli.run(["inspect", output, "--format", "json"])
        #expect(old.status == 0)
        #expect(old.stderr.contains("--format json is deprecated: use --json"), "\(old.stderr)")
        let new = try cli.run(["inspect", output, "--json"])
        #expect(new.stderr.isEmpty, "\(new.stderr)")
        #expect(new.stdout == old.stdout)
        #expect(Array(keys(new.stdout).prefix(3)) == ["schemaVersion", "command", "layout"])
    }

    @Test func copyStreamsBetweenRegistriesEachWithItsOwnCredentials() throws {
        let source = try TestRegistry.start(.basicAuth)
        defer { source.stop() }
        let destination = try TestRegistry.start(.tokenAuth)
        defer { destination.stop() }
        let digest = try push(source, "src/app:v1", app: "v2-multi")
        // The source's credentials come from Docker's config, the destination's from the flags.
        let docker = try cli.temporaryDirectory()
        let auth = Data("\(source.username!):\(source.password!)".utf8).base64EncodedString()
        try JSONSerialization.data(withJSONObject: ["auths": [source.host: ["auth": auth]]])
            .write(to: URL(fileURLWithPath: docker + "/config.json"))
        let environment = ["DOCKER_CONFIG": docker]

        let copy = try run(
            ["copy", "\(source.host)/src/app:v1", "\(destination.host)/dst/app:v2", "-t", "latest", "--json", "--verbose"],
            as: destination, environment: environment)
        #expect(copy.status == 0, "\(copy.stderr)")
        for secret in [source.password!, destination.password!, auth, "Bearer ", "Basic "] {
            #expect(!(copy.stdout + copy.stderr).contains(secret))
        }
        #expect(copy.stderr.contains("credentials for \(source.host): docker config"), "\(copy.stderr)")
        #expect(copy.stderr.contains("credentials for \(destination.host): command line"), "\(copy.stderr)")
        #expect(keys(copy.stdout) == [
            "schemaVersion", "command", "reference", "source", "ref", "digest", "mediaType", "size", "tags", "blobs",
        ])
        let result = try object(copy.stdout)
        #expect(result["digest"] as? String == digest)
        #expect(result["source"] as? String == "\(source.host)/src/app:v1")
        #expect(result["tags"] as? [String] == ["v2", "latest"])
        let blobs = try #require(result["blobs"] as? [[String: Any]])
        #expect(blobs.count == 2)
        #expect(blobs.allSatisfy { $0["outcome"] as? String == "copied" })

        // Same manifest bytes at both ends.
        let before = try skopeo(["inspect", "--raw", "docker://\(source.host)/src/app:v1"], source)
        for tag in ["v2", "latest"] {
            let after = try skopeo(["inspect", "--raw", "docker://\(destination.host)/dst/app:\(tag)"], destination)
            #expect(after.status == 0, "\(after.errorOutput)")
            #expect(after.output == before.output)
        }
        // Every blob arrived whole: a pull checks each one.
        let pull = try run(["pull", "\(destination.host)/dst/app:v2", "-o", try cli.temporaryDirectory() + "/pulled"], as: destination)
        #expect(pull.status == 0, "\(pull.stderr)")

        let again = try run(["copy", "\(source.host)/src/app:v1", "\(destination.host)/dst/app:v2"], as: destination, environment: environment)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout == "\(destination.host)/dst/app@\(digest)\n")
        #expect(again.stderr.split(separator: "\n").filter { $0.hasPrefix("Exists") }.count == 2, "\(again.stderr)")
    }

    @Test func copyWithinOneRegistryMountsEveryBlob() throws {
        let registry = try TestRegistry.start(.tokenAuth)
        defer { registry.stop() }
        let digest = try push(registry, "team/one:v1")
        let copy = try run(["copy", "\(registry.host)/team/one:v1", "\(registry.host)/team/two", "--json", "--verbose"], as: registry)
        #expect(copy.status == 0, "\(copy.stderr)")
        let result = try object(copy.stdout)
        #expect(result["ref"] as? String == "\(registry.host)/team/two@\(digest)")
        #expect(result["tags"] as? [String] == ["v1"])
        let blobs = try #require(result["blobs"] as? [[String: Any]])
        #expect(!blobs.isEmpty && blobs.allSatisfy { $0["outcome"] as? String == "mounted" }, "\(copy.stdout)")
        // Mounted, so no blob was read from the source.
        let blobReads = copy.stderr.split(separator: "\n").filter { $0.hasPrefix("GET") && $0.contains("/blobs/sha256") }
        #expect(blobReads.isEmpty, "\(copy.stderr)")
        let digestAfter = try run(["digest", "\(registry.host)/team/two:v1"], as: registry)
        #expect(digestAfter.stdout == digest + "\n")
    }

    @Test func copyFromASourceServingWrongBytesFailsAndTagsNothing() throws {
        let upstream = try TestRegistry.start(.plain)
        defer { upstream.stop() }
        let proxy = try FaultProxy.start(upstream: upstream.host, fault: .corruptBlobBodies)
        defer { proxy.stop() }
        let destination = try TestRegistry.start(.basicAuth)
        defer { destination.stop() }
        try push(upstream, "src/app:v1")

        let copy = try run(["copy", "\(proxy.host)/src/app:v1", "\(destination.host)/dst/app:v1"], as: destination)
        #expect(copy.status == 1)
        #expect(copy.stdout.isEmpty)
        let errors = copy.stderr.split(separator: "\n").filter { $0.hasPrefix("Error:") }
        #expect(errors.count == 1 && errors[0].contains("should have digest"), "\(copy.stderr)")

        // No manifest, no tag, and no blob at the destination.
        let tags = try run(["tags", "\(destination.host)/dst/app"], as: destination)
        #expect(tags.stdout.isEmpty, "\(tags.stdout)")
        let inspect = try skopeo(["inspect", "--raw", "docker://\(destination.host)/dst/app:v1"], destination)
        #expect(inspect.status != 0)
    }

    @Test(arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func tagPutsTheSameManifestUnderNewTagsWithoutMovingBlobs(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let digest = try push(registry, "retag/app:v1")
        let tag = try run(["tag", "\(registry.host)/retag/app@\(digest)", "stable", "prod", "--verbose", "--json"], as: registry)
        #expect(tag.status == 0, "\(tag.stderr)")
        #expect(!tag.stderr.contains("/blobs/"), "\(tag.stderr)")
        let result = try object(tag.stdout)
        #expect(result["tags"] as? [String] == ["stable", "prod"])
        #expect(result["digest"] as? String == digest)
        let original = try skopeo(["inspect", "--raw", "docker://\(registry.host)/retag/app:v1"], registry)
        for name in ["stable", "prod"] {
            #expect(try skopeo(["inspect", "--raw", "docker://\(registry.host)/retag/app:\(name)"], registry).output == original.output)
        }
        let bad = try run(["tag", "\(registry.host)/retag/app:v1", "bad tag"], as: registry)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("tag 'bad tag'"), "\(bad.stderr)")
    }

    @Test(arguments: [TestRegistry.Setup.basicAuth, .tokenAuth])
    func deleteRefusesATagUnlessAskedToResolveIt(setup: TestRegistry.Setup) throws {
        let registry = try TestRegistry.start(setup)
        defer { registry.stop() }
        let first = try push(registry, "gone/app:v1")
        let second = try push(registry, "gone/app:v2", app: "v2-multi")

        let refused = try run(["delete", "\(registry.host)/gone/app:v1"], as: registry)
        #expect(refused.status == 64)
        #expect(refused.stderrLines.count == 1 && refused.stderr.contains("--resolve"), "\(refused.stderr)")
        #expect(try run(["digest", "\(registry.host)/gone/app:v1"], as: registry).stdout == first + "\n")

        let byDigest = try run(["delete", "\(registry.host)/gone/app@\(second)", "--json"], as: registry)
        #expect(byDigest.status == 0, "\(byDigest.stderr)")
        #expect(keys(byDigest.stdout) == ["schemaVersion", "command", "reference", "ref", "digest", "mediaType", "size", "deleted"])
        #expect(try object(byDigest.stdout)["deleted"] as? Bool == true)
        #expect(try run(["digest", "\(registry.host)/gone/app:v2"], as: registry).status == 1)

        let resolved = try run(["delete", "\(registry.host)/gone/app:v1", "--resolve"], as: registry)
        #expect(resolved.status == 0, "\(resolved.stderr)")
        #expect(resolved.stderr.contains("Deleting \(first)"), "\(resolved.stderr)")
        #expect(resolved.stdout == "\(registry.host)/gone/app@\(first)\n")
        let listed = try skopeo(["list-tags", "docker://\(registry.host)/gone/app"], registry)
        #expect((try object(listed.text)["Tags"] as? [String] ?? []).isEmpty, "\(listed.text)")
    }

    @Test func deleteOnARegistryThatRefusesDeletesSaysWhatToEnable() throws {
        let registry = try TestRegistry.start(.plain, deletesEnabled: false)
        defer { registry.stop() }
        let digest = try push(registry, "kept/app:v1")
        let delete = try run(["delete", "\(registry.host)/kept/app@\(digest)"], as: registry)
        #expect(delete.status == 1)
        #expect(delete.stderrLines.count == 1, "\(delete.stderr)")
        #expect(delete.stderr.contains("storage.delete.enabled"), "\(delete.stderr)")
        #expect(try run(["digest", "\(registry.host)/kept/app:v1"], as: registry).stdout == digest + "\n")
    }
}
