import Foundation
import WasmPackTestSupport

/// The rows of `BadInputTableTests`. Each asserts the behaviour issue 7 asks for, which is not
/// always today's behaviour: the comment at a row names the issue item it checks.
enum BadInputTable {
    static var rows: [BadInput] { references + usage + spinManifests + inputFiles + layouts + registries + hostileRegistries }

    // MARK: - References (usage errors: 64)

    static func pullReference(_ name: String, _ reference: String, says: [String]) -> BadInput {
        BadInput(name: name, arguments: ["pull", reference, "-o", "out"], status: 64, says: ["invalid reference"] + says)
    }

    static let references: [BadInput] = [
        pullReference("reference: uppercase repository", "registry.example/Team/App:v1", says: ["lowercase"]),
        pullReference("reference: empty", "", says: ["empty"]),
        pullReference("reference: port above 65535", "localhost:99999/app:v1", says: ["port '99999'"]),
        pullReference("reference: port zero", "localhost:0/app:v1", says: ["port '0'"]),
        pullReference("reference: port not a number", "registry.example:http/app:v1", says: ["port 'http'"]),
        pullReference("reference: digest too short", "registry.example/app@sha256:abc", says: ["invalid digest"]),
        pullReference("reference: digest in upper case", "registry.example/app@sha256:" + String(repeating: "A", count: 64), says: ["invalid digest"]),
        pullReference("reference: digest algorithm unknown", "registry.example/app@md5:" + String(repeating: "a", count: 32), says: ["md5"]),
        pullReference("reference: digest without algorithm", "registry.example/app@" + String(repeating: "a", count: 64), says: ["invalid digest"]),
        pullReference("reference: tag with '!'", "registry.example/app:v1!", says: ["tag 'v1!'"]),
        pullReference("reference: tag of 129 characters", "registry.example/app:" + String(repeating: "t", count: 129), says: ["tag"]),
        pullReference("reference: tag starting with '.'", "registry.example/app:.hidden", says: ["tag '.hidden'"]),
        pullReference("reference: double slash", "registry.example//app:v1", says: ["empty component"]),
        pullReference("reference: trailing slash", "registry.example/app/", says: ["ends with '/'"]),
        pullReference("reference: no repository", ":v1", says: ["no repository"]),
        pullReference("reference: image ID alone", String(repeating: "0", count: 64), says: ["image ID"]),
        pullReference("reference: name over 255 characters", "registry.example/" + String(repeating: "a", count: 260), says: ["limit"]),
        pullReference("reference: host with an underscore", "bad_host.example:5000/app:v1", says: ["registry host"]),
        pullReference("reference: IPv6 without closing bracket", "[::1/app:v1", says: ["IPv6"]),
        pullReference("reference: repository component '..'", "registry.example/a..b:v1", says: ["'a..b'"]),
        pullReference("reference: non-ASCII repository", "registry.example/äpp:v1", says: ["repository component"]),
        // Item 14: control characters are escaped, so the error stays one line and the terminal safe.
        pullReference("reference: newline inside (item 14)", "registry.example/app\n:v1", says: []),
        pullReference("reference: escape sequence inside (item 14)", "registry.example/app\u{1B}[2J:v1", says: []),
        pullReference("reference: tab inside (item 14)", "registry.example/a\tpp:v1", says: []),
        pullReference("reference: DEL inside (item 14)", "registry.example/app\u{7F}:v1", says: []),
        BadInput(name: "reference: push to an uppercase repository", arguments: ["push", "registry.example/App:v1", "--layout", "out"],
                 status: 64, says: ["invalid reference", "lowercase"]),
        BadInput(name: "reference: push with an invalid extra tag", arguments: ["push", "registry.example/app:v1", "--layout", "out", "-t", "bad tag"],
                 status: 64, says: ["tag 'bad tag'"]),
    ]

    // MARK: - Command line (usage errors: 64)

    static let usage: [BadInput] = [
        // Item 15: one line that names the subcommand's usage, not "wasmpack <subcommand>".
        BadInput(name: "usage: push without a reference (item 15)", arguments: ["push"], status: 64, says: ["wasmpack push"]),
        BadInput(name: "usage: pull without a reference (item 15)", arguments: ["pull"], status: 64, says: ["wasmpack pull"]),
        BadInput(name: "usage: unknown format (item 15)", arguments: ["build", "app", "-o", "out", "--format", "docker"], status: 64, says: ["'docker'"]),
        BadInput(name: "usage: unknown option (item 15)", arguments: ["build", "app", "-o", "out", "--frobnicate"], status: 64, says: ["--frobnicate"]),
        BadInput(name: "usage: unknown subcommand (item 15)", arguments: ["frobnicate"], status: 64, says: ["frobnicate"]),
        BadInput(name: "usage: concurrency zero", arguments: ["push", "registry.example/app:v1", "--layout", "out", "--concurrency", "0"],
                 status: 64, says: ["--concurrency"]),
        BadInput(name: "usage: negative retries", arguments: ["pull", "registry.example/app:v1", "-o", "out", "--retries", "-1"],
                 status: 64, says: ["--retries"]),
        BadInput(name: "usage: password without user name", arguments: ["pull", "registry.example/app:v1", "-o", "out", "--password", "secret"],
                 status: 64, says: ["--username"]),
        BadInput(name: "usage: annotation without key", arguments: ["build", "app", "-o", "out", "--annotation", "=x"], status: 64, says: ["--annotation"]),
        BadInput(name: "usage: platform without architecture", arguments: ["build", "app", "-o", "out", "--platform", "wasm"], status: 64, says: ["'wasm'"]),
        BadInput(name: "usage: pull platform without architecture", arguments: ["pull", "registry.example/app:v1", "-o", "out", "--platform", "wasi"],
                 status: 64, says: ["'wasi'"]),
        BadInput(name: "usage: SOURCE_DATE_EPOCH not a number", arguments: ["build", "app", "-o", "out"], status: 64, says: ["SOURCE_DATE_EPOCH"],
                 environment: ["SOURCE_DATE_EPOCH": "yesterday"]),
        // Issue 10: the registry commands take the result options, checked before any request.
        BadInput(name: "usage: tags has no digest to write", arguments: ["tags", "registry.example/app", "--digest-file", "d"],
                 status: 64, says: ["--digest-file"]),
        BadInput(name: "usage: digest's metadata file in a missing folder",
                 arguments: ["digest", "registry.example/app:v1", "--metadata-file", "/nonexistent-wasmpack/m.json"],
                 status: 64, says: ["--metadata-file", "'/nonexistent-wasmpack' does not exist"]),
        BadInput(name: "usage: copy quiet yet asked for progress",
                 arguments: ["copy", "registry.example/a:v1", "registry.example/b:v1", "-q", "--progress", "tty"],
                 status: 64, says: ["--quiet", "--progress tty"]),
        BadInput(name: "usage: unknown kube target", arguments: ["kube", "registry.example/app@sha256:" + String(repeating: "a", count: 64), "--target", "nope"],
                 status: 64, says: ["unknown --target 'nope'", "wasmpack targets"]),
    ]

    // MARK: - spin.toml (1)

    /// A valid start whose line 7 is the first one a row adds.
    static let manifestStart = """
        spin_manifest_version = 2
        [application]
        name = "bad"
        [[trigger.http]]
        route = "/..."
        component = "api"

        """

    /// `build app` with app/spin.toml replaced by `text`.
    static func manifest(_ name: String, _ text: String, says: [String]) -> BadInput {
        BadInput(name: "spin.toml: " + name, arguments: ["build", "app", "-o", "out"], status: 1, says: says) { sandbox in
            try sandbox.write("app/spin.toml", text)
        }
    }

    static let component = manifestStart + "[component.api]\n"

    static let spinManifests: [BadInput] = [
        // Item 3: table headers that made toml++ abort (SIGABRT) must be syntax errors at line 7.
        manifest("header [.component.api] (item 3)", manifestStart + "[.component.api]\nsource = \"api/api.wasm\"\n", says: ["spin.toml:7"]),
        manifest("header [*] (item 3)", manifestStart + "[*]\n", says: ["spin.toml:7"]),
        manifest("header [é] (item 3)", manifestStart + "[é]\n", says: ["spin.toml:7"]),
        manifest("header [#] (item 3)", manifestStart + "[#]\n", says: ["spin.toml:7"]),
        manifest("header [,] (item 3)", manifestStart + "[,]\n", says: ["spin.toml:7"]),
        manifest("header [[*]] (item 3)", manifestStart + "[[*]]\n", says: ["spin.toml:7"]),
        manifest("header [] (item 3)", manifestStart + "[]\n", says: ["spin.toml:7"]),
        manifest("header without ]", manifestStart + "[component.api\n", says: ["spin.toml:7"]),
        manifest("key without value", manifestStart + "name =\n", says: ["spin.toml:7"]),
        manifest("unterminated string", component + "source = \"api/api.wasm\n", says: ["spin.toml:8"]),
        manifest("invalid escape", component + "source = \"api\\qapi.wasm\"\n", says: ["spin.toml:8"]),
        manifest("key defined twice", component + "source = \"api/api.wasm\"\nsource = \"api/api.wasm\"\n", says: ["spin.toml:9"]),
        manifest("table defined twice", component + "source = \"api/api.wasm\"\n[component.api]\n", says: ["spin.toml:9"]),
        manifest("integer too large", manifestStart + "x = 99999999999999999999\n", says: ["spin.toml:7"]),
        manifest("arrays nested 100000 deep", manifestStart + "x = " + String(repeating: "[", count: 100_000) + "\n", says: ["spin.toml:7"]),
        manifest("inline tables nested 100000 deep", manifestStart + "x = " + String(repeating: "{a=", count: 100_000) + "\n", says: ["spin.toml:7"]),
        manifest("source is an integer", component + "source = 42\n", says: ["[component.api]", "source"]),
        manifest("source is an array", component + "source = [\"api/api.wasm\"]\n", says: ["source"]),
        manifest("source missing", component + "allowed_outbound_hosts = []\n", says: ["source"]),
        manifest("spin_manifest_version missing", "[application]\nname = \"bad\"\n", says: ["spin_manifest_version"]),
        manifest("spin_manifest_version 3", "spin_manifest_version = 3\n", says: ["spin_manifest_version"]),
        manifest("spin_manifest_version a table", "[spin_manifest_version]\n", says: ["spin_manifest_version"]),
        manifest("empty file", "", says: ["spin_manifest_version"]),
        // Item 7: a NUL inside a path string must not cut the path short.
        manifest("NUL escaped in source (item 7)", component + "source = \"api/api.wasm\\u0000../../x\"\n", says: ["source"]),
        manifest("NUL escaped in files (item 7)", component + "source = \"api/api.wasm\"\nfiles = [\"assets\\u0000/../../x\"]\n", says: ["files"]),
        manifest("raw control character", manifestStart + "name2 = \"a\u{01}b\"\n", says: ["spin.toml:7"]),
        manifest("source leaves the app", component + "source = \"../../../etc/passwd\"\n", says: ["leaves the app directory"]),
        manifest("source is absolute", component + "source = \"/etc/passwd\"\n", says: ["absolute"]),
        manifest("files entry leaves the app", component + "source = \"api/api.wasm\"\nfiles = [\"../secret\"]\n", says: ["files", "../secret"]),
        manifest("files glob leaves the app", component + "source = \"api/api.wasm\"\nfiles = [\"../*\"]\n", says: ["files"]),
        manifest("files is a string", component + "source = \"api/api.wasm\"\nfiles = \"assets\"\n", says: ["files"]),
        manifest("files mount without destination", component + "source = \"api/api.wasm\"\nfiles = [{ source = \"assets\" }]\n", says: ["destination"]),
        manifest("trigger names a missing component", manifestStart.replacingOccurrences(of: "\"api\"", with: "\"nope\""), says: ["'nope'"]),
        BadInput(name: "spin.toml: raw NUL byte", arguments: ["build", "app", "-o", "out"], status: 1, says: ["spin.toml:7"]) { sandbox in
            try sandbox.write("app/spin.toml", Data((manifestStart + "name2 = \"a").utf8) + Data([0]) + Data("b\"\n".utf8))
        },
        BadInput(name: "spin.toml: binary garbage", arguments: ["build", "app", "-o", "out"], status: 1, says: ["spin.toml"]) { sandbox in
            try sandbox.write("app/spin.toml", Data([0x00, 0x61, 0x73, 0x6D, 0xFF, 0xFE, 0x00, 0x01]))
        },
        BadInput(name: "spin.toml: invalid UTF-8 bytes", arguments: ["build", "app", "-o", "out"], status: 1, says: ["spin.toml"]) { sandbox in
            try sandbox.write("app/spin.toml", Data((manifestStart + "name2 = \"").utf8) + Data([0xC3, 0x28]) + Data("\"\n".utf8))
        },
    ]

    // MARK: - Input files: FIFOs, devices, directories, links (1)

    static func build(_ name: String, _ arguments: [String] = ["build", "app", "-o", "out"], says: [String],
                      prepare: @escaping @Sendable (BadInputSandbox) throws -> Void) -> BadInput {
        BadInput(name: "input: " + name, arguments: arguments, status: 1, says: says, prepare: prepare)
    }

    static let inputFiles: [BadInput] = [
        // Item 6: every input is checked to be a regular file before it is opened.
        build("bare module is a FIFO (item 6)", ["build", "--format", "wasm-to-oci", "m.wasm", "-o", "out"], says: ["m.wasm"]) { try $0.fifo("m.wasm") },
        build("spin.toml is a FIFO (item 6)", says: ["spin.toml"]) { try $0.fifo("app/spin.toml") },
        build("component source is a FIFO (item 6)", says: ["api/api.wasm"]) { try $0.fifo("app/api/api.wasm") },
        build("a FIFO among the files (item 6)", says: ["pipe"]) { try $0.fifo("app/assets/pipe") },
        build("a socket among the files (item 6)", says: ["sock"]) { try $0.socket("app/assets/sock") },
        build("bare module links to /dev/zero (item 6)", ["build", "--format", "wasm-to-oci", "z.wasm", "-o", "out"], says: ["z.wasm"]) {
            try $0.link("z.wasm", to: "/dev/zero")
        },
        build("spin.toml links to /dev/zero (item 6)", says: ["spin.toml"]) { try $0.link("app/spin.toml", to: "/dev/zero") },
        build("component source links to /dev/urandom", says: ["api/api.wasm"]) { try $0.link("app/api/api.wasm", to: "/dev/urandom") },
        build("component source links outside the app", says: ["api/api.wasm"]) { try $0.link("app/api/api.wasm", to: "/etc/passwd") },
        build("component source is a dangling link", says: ["api/api.wasm"]) { try $0.link("app/api/api.wasm", to: "nowhere.wasm") },
        build("component source is a link loop", says: ["api/api.wasm"]) { try $0.link("app/api/api.wasm", to: "api.wasm") },
        build("component source is a directory", says: ["api/api.wasm"]) { try $0.directory("app/api/api.wasm") },
        build("spin.toml is a directory", ["build", "app/spin.toml", "-o", "out"], says: ["spin.toml"]) { try $0.directory("app/spin.toml") },
        build("bare module is a directory", ["build", "--format", "wasm-to-oci", "d.wasm", "-o", "out"], says: ["d.wasm"]) { try $0.directory("d.wasm") },
        build("bare module is not wasm", ["build", "--format", "wasm-to-oci", "t.wasm", "-o", "out"], says: ["t.wasm"]) { try $0.write("t.wasm", "hello\n") },
        build("app path does not exist", ["build", "missing-app", "-o", "out"], says: ["missing-app"]) { _ in },
        build("output is a regular file", ["build", "app", "-o", "app/spin.toml"], says: ["app/spin.toml"]) { _ in },
        build("output is a folder that is no layout", ["build", "app", "-o", "app/assets"], says: ["app/assets"]) { _ in },
        build("output links to /dev/null", ["build", "app", "-o", "null-layout"], says: ["null-layout"]) { try $0.link("null-layout", to: "/dev/null") },
    ]

    // MARK: - Layouts (1)

    /// `push --layout out` to a repository of its own, through a pass-through proxy whose request
    /// log shows what reached the registry; no blob exists in that repository yet.
    /// - Parameter neverSends: requests that must not reach the registry.
    static func pushLayout(_ name: String, says: [String], repository: String, neverSends: (String) -> [BadInput.Request] = { _ in [] },
                           prepare: @escaping @Sendable (BadInputSandbox) throws -> Void) -> BadInput {
        BadInput(name: "layout: push " + name, arguments: ["push", "{host}/bad/\(repository):v1", "--layout", "out", "--retries", "0"],
                 status: 1, says: says, neverSends: neverSends("/v2/bad/\(repository)"), peer: .proxy("pass-through", .none), prepare: prepare)
    }

    /// Item 2: "fail before any upload session is opened".
    static func noUploadSession(_ base: String) -> [BadInput.Request] {
        [BadInput.Request(method: "POST", containing: [base + "/blobs/uploads/"])]
    }

    /// Item 2: "abort the upload (no commit PUT)" for the blob with this digest, when the file's
    /// type or size already shows it is wrong; and never a manifest.
    static func noCommit(of digest: String) -> (String) -> [BadInput.Request] {
        { base in
            [BadInput.Request(method: "PUT", containing: [base + "/blobs/uploads/", "digest=" + digest])] + noManifest(base)
        }
    }

    /// Wrong bytes of the right size show only once they are hashed, and a monolithic upload is
    /// hashed as it streams inside the PUT, so that request starts (the proxy logs it) and is
    /// aborted before its end. The message must name the blob; no manifest may follow.
    static func noManifest(_ base: String) -> [BadInput.Request] {
        [BadInput.Request(method: "PUT", containing: [base + "/manifests/"])]
    }

    static let manifestBlob = PrebuiltLayout.blob(PrebuiltLayout.manifestDigest)
    static let configBlob = PrebuiltLayout.blob(PrebuiltLayout.configDigest)
    static let layerBlob = PrebuiltLayout.blob(PrebuiltLayout.layerDigest)
    /// The first 12 hex digits: every message about a blob names it by digest or by path.
    static let layerShort = String(PrebuiltLayout.layerDigest.dropFirst(7).prefix(12))
    static let configShort = String(PrebuiltLayout.configDigest.dropFirst(7).prefix(12))
    static let manifestShort = String(PrebuiltLayout.manifestDigest.dropFirst(7).prefix(12))

    static let layouts: [BadInput] = [
        pushLayout("without index.json", says: ["index.json"], repository: "no-index") { try $0.remove("out/index.json") },
        pushLayout("with index.json not JSON", says: ["index.json"], repository: "index-json") { try $0.write("out/index.json", "{") },
        pushLayout("with index.json an array", says: ["index.json"], repository: "index-array") { try $0.write("out/index.json", "[]") },
        pushLayout("with index.json a FIFO (item 6)", says: ["index.json"], repository: "index-fifo") { try $0.fifo("out/index.json") },
        pushLayout("with index.json linked to /dev/zero (item 6)", says: ["index.json"], repository: "index-zero") {
            try $0.link("out/index.json", to: "/dev/zero")
        },
        pushLayout("with index.json naming a bad digest", says: ["index.json"], repository: "index-digest") {
            try $0.write("out/index.json", #"{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:xyz","size":1}]}"#)
        },
        pushLayout("with no image in index.json", says: ["out"], repository: "index-empty") {
            try $0.write("out/index.json", #"{"schemaVersion":2,"manifests":[]}"#)
        },
        pushLayout("without oci-layout", says: ["not an OCI image layout"], repository: "no-marker") { try $0.remove("out/oci-layout") },
        // Item 2: missing, linked, foreign or wrong blobs are refused before anything is sent.
        pushLayout("with the manifest blob missing (item 2)", says: [manifestShort], repository: "no-manifest", neverSends: noUploadSession) {
            try $0.remove(manifestBlob)
        },
        pushLayout("with the manifest blob not JSON", says: [manifestShort], repository: "manifest-junk") { try $0.write(manifestBlob, "junk") },
        pushLayout("with the layer blob missing (item 2)", says: [layerShort], repository: "no-layer", neverSends: noUploadSession) {
            try $0.remove(layerBlob)
        },
        pushLayout("with the layer blob a link to /etc/passwd (item 2)", says: [layerShort], repository: "layer-link", neverSends: noCommit(of: PrebuiltLayout.layerDigest)) {
            try $0.link(layerBlob, to: "/etc/passwd")
        },
        pushLayout("with the layer blob's bytes changed (item 2)", says: [layerShort], repository: "layer-flipped", neverSends: noManifest) { try $0.flipByte(layerBlob, at: 100) },
        pushLayout("with the layer blob longer than its descriptor (item 2)", says: [layerShort], repository: "layer-long", neverSends: noCommit(of: PrebuiltLayout.layerDigest)) {
            try $0.append(layerBlob, "extra")
        },
        pushLayout("with the config blob's bytes changed (item 2)", says: [configShort], repository: "config-flipped", neverSends: noManifest) { try $0.flipByte(configBlob, at: 10) },
        pushLayout("with the layer blob a FIFO (item 6)", says: [layerShort], repository: "layer-fifo", neverSends: noCommit(of: PrebuiltLayout.layerDigest)) { try $0.fifo(layerBlob) },
        pushLayout("with the layer blob a directory (item 2)", says: [layerShort], repository: "layer-dir", neverSends: noCommit(of: PrebuiltLayout.layerDigest)) { try $0.directory(layerBlob) },
        BadInput(name: "layout: push a layout that does not exist", arguments: ["push", "registry.example/app:v1", "--layout", "no-layout"],
                 status: 1, says: ["no-layout"]),
        BadInput(name: "layout: push an app folder as a layout", arguments: ["push", "registry.example/app:v1", "--layout", "app"],
                 status: 1, says: ["not an OCI image layout"]),
        BadInput(name: "layout: build into a layout with index.json not JSON", arguments: ["build", "app", "-o", "out"], status: 1,
                 says: ["index.json"]) { try $0.write("out/index.json", "{") },
        BadInput(name: "layout: build into a layout with index.json a FIFO (item 6)", arguments: ["build", "app", "-o", "out"], status: 1,
                 says: ["index.json"]) { try $0.fifo("out/index.json") },
        BadInput(name: "layout: inspect with index.json not JSON", arguments: ["inspect", "out"], status: 1, says: ["index.json"]) {
            try $0.write("out/index.json", "{")
        },
        BadInput(name: "layout: inspect with the manifest blob missing", arguments: ["inspect", "out"], status: 1, says: [manifestShort]) {
            try $0.remove(manifestBlob)
        },
        BadInput(name: "layout: inspect an unknown tag", arguments: ["inspect", "out", "-t", "nope"], status: 1, says: ["nope"]),
        BadInput(name: "layout: inspect a folder that is no layout", arguments: ["inspect", "app"], status: 1, says: ["not an OCI image layout"]),
        BadInput(name: "layout: pull into a layout with index.json not JSON", arguments: ["pull", "{host}/good/app:v1", "-o", "out"],
                 status: 1, says: ["index.json"], peer: .registry) { try $0.write("out/index.json", "{") },
        BadInput(name: "layout: pull into a regular file", arguments: ["pull", "{host}/good/app:v1", "-o", "app/spin.toml"],
                 status: 1, says: ["app/spin.toml"], peer: .registry),
        // Nothing half-written (and item 8): a pull that cannot extract leaves the layout as it was too.
        BadInput(name: "layout: pull extracting onto a regular file (nothing half-written)",
                 arguments: ["pull", "{host}/good/app:v1", "-o", "out", "--extract", "app/spin.toml"],
                 status: 1, says: ["app/spin.toml"], peer: .registry),
    ]

    // MARK: - Registries that answer badly (1)

    static func pullThrough(
        _ name: String, _ fault: FaultProxy.Fault, says: [String], reference: String = "{host}/good/app:v1", output: String = "out",
        prepare: @escaping @Sendable (BadInputSandbox) throws -> Void = { _ in }
    ) -> BadInput {
        BadInput(name: "registry: " + name, arguments: ["pull", reference, "-o", output, "--retries", "1"], status: 1, says: says,
                 peer: .proxy(name, fault), prepare: prepare)
    }

    static let registries: [BadInput] = [
        // `out` already holds good/app's blobs, which a pull keeps without downloading them: a new
        // folder downloads them all, and a damaged layer in `out` is downloaded again and stays damaged.
        pullThrough("blob bodies corrupted", .corruptBlobBodies, says: ["sha256:"], output: "fresh"),
        pullThrough("blob bodies corrupted, replacing a damaged layer", .corruptBlobBodies, says: ["sha256:"]) {
            try $0.flipByte(PrebuiltLayout.blob(PrebuiltLayout.layerDigest), at: 10)
        },
        // Item 16: a pull by tag checks Docker-Content-Digest against the bytes, as push does.
        pullThrough("Docker-Content-Digest wrong on pull by tag (item 16)", .wrongManifestDigestHeader, says: ["Docker-Content-Digest"]),
        pullThrough("HTML gateway page", .htmlErrorPage(status: 502), says: ["502"]),
        // Item 11: the registry's own error, and that retries ran out.
        pullThrough("503 UNAVAILABLE on every request (item 11)", .failFirst(count: 1_000_000, status: 503, retryAfter: nil), says: ["UNAVAILABLE"]),
        pullThrough("429 on every request (item 11)", .failFirst(count: 1_000_000, status: 429, retryAfter: 1), says: ["TOOMANYREQUESTS"]),
        // Every GET, /v2/ included: whichever request fails first, the message names it.
        pullThrough("every GET body cut short with a matching length", .random(seed: 1, rate: 1, kinds: [.truncateWithShortLength]), says: ["good/app"]),
        pullThrough("every GET body cut short by a reset", .random(seed: 1, rate: 1, kinds: [.truncate]), says: ["connection broke"]),
        pullThrough("every connection reset", .random(seed: 1, rate: 1, kinds: [.reset]), says: ["127.0.0.1"]),
        BadInput(name: "registry: pull an unknown tag", arguments: ["pull", "{host}/good/app:nope", "-o", "out", "--retries", "0"],
                 status: 1, says: ["MANIFEST_UNKNOWN"], peer: .registry),
        BadInput(name: "registry: pull an unknown repository", arguments: ["pull", "{host}/no/such:v1", "-o", "out", "--retries", "0"],
                 status: 1, says: ["no/such"], peer: .registry),
        BadInput(name: "registry: pull a digest it does not have",
                 arguments: ["pull", "{host}/good/app@sha256:" + String(repeating: "0", count: 64), "-o", "out", "--retries", "0"],
                 status: 1, says: ["MANIFEST_UNKNOWN"], peer: .registry),
        BadInput(name: "registry: nothing listening", arguments: ["pull", "127.0.0.1:1/app:v1", "-o", "out", "--retries", "0"],
                 status: 1, says: ["127.0.0.1:1"]),
        BadInput(name: "registry: push through 503 on every request (item 11)",
                 arguments: ["push", "{host}/bad/unavailable:v1", "--layout", "out", "--retries", "1"], status: 1, says: ["UNAVAILABLE"],
                 peer: .proxy("503 UNAVAILABLE on every request (item 11)", .failFirst(count: 1_000_000, status: 503, retryAfter: nil))),
    ]

    // MARK: - A hostile registry (Tests/WasmPackTestSupport/Services/hostile_registry.py) (1)

    static let hostileCredentials = ["WASMPACK_USERNAME": HostileRegistry.username, "WASMPACK_PASSWORD": "{password}"]

    /// `pull {host}/hostile/app:seed -o out` (the seed image every repository holds).
    static func pullHostile(_ name: String, _ behaviour: HostileRegistry.Behaviour, auth: HostileRegistry.Auth = .none,
                            says: [String], environment: [String: String] = [:]) -> BadInput {
        BadInput(name: "hostile registry: pull " + name, arguments: ["pull", "{host}/hostile/app:seed", "-o", "out", "--retries", "1"],
                 status: 1, says: says, peer: .hostile(behaviour, auth), environment: environment)
    }

    static func pushHostile(_ name: String, _ behaviour: HostileRegistry.Behaviour, auth: HostileRegistry.Auth = .none,
                            says: [String], environment: [String: String] = [:]) -> BadInput {
        BadInput(name: "hostile registry: push " + name, arguments: ["push", "{host}/hostile/pushed:v1", "--layout", "out", "--retries", "1"],
                 status: 1, says: says, peer: .hostile(behaviour, auth), environment: environment)
    }

    static let hostileRegistries: [BadInput] = [
        // Item 4: bodies stop at the descriptor's size.
        pullHostile("with an endless blob body (item 4)", .endlessBlob, says: ["2 bytes"]),
        pullHostile("with a blob Content-Length 1 MiB too long (item 4)", .oversizedBlob, says: ["2 bytes"]),
        pullHostile("with a 5 MiB manifest (item 4)", .hugeManifest, says: ["manifest", "4194304"]),
        // Item 10: the token answer over the cap is named as such.
        pullHostile("with a 2 MiB token answer (item 10)", .hugeToken, auth: .bearer, says: ["token"], environment: hostileCredentials),
        // Item 17: a body cut short is retried, and the message says retries ran out.
        pullHostile("with every blob body one byte short (item 17)", .shortBody, says: ["gave up after"]),
        // Item 12: oversized headers are capped and said so, not "Out of memory".
        pullHostile("with a 1 MiB header line (item 12)", .hugeHeader, says: ["header"]),
        pullHostile("with 512 header lines of 1 KiB (item 12)", .manyHeaders, says: ["header"]),
        // Item 11: the registry's own error and that retries ran out.
        pullHostile("in maintenance (503 with an error body) (item 11)", .unavailablePing, says: ["UNAVAILABLE: maintenance"]),
        pushHostile("in maintenance (503 with an error body) (item 11)", .unavailablePing, says: ["UNAVAILABLE: maintenance"]),
        // Item 16.
        pullHostile("with a wrong Docker-Content-Digest (item 16)", .wrongDigestHeader, says: ["Docker-Content-Digest"]),
        pullHostile("answering HTML pages", .htmlErrors, says: ["HTML"]),
        pushHostile("throttling every HEAD", .throttleHead, says: ["429"]),
        pushHostile("throttling every upload session", .throttleUpload, says: ["429"]),
        pullHostile("refusing a wrong password", .none, auth: .basic, says: ["'hostile'"],
                    environment: ["WASMPACK_USERNAME": HostileRegistry.username, "WASMPACK_PASSWORD": "wrong-password"]),
        pullHostile("asking for credentials none were given for", .none, auth: .basic, says: ["--password-stdin"]),
        pushHostile("refusing a wrong password on the token service", .none, auth: .bearer, says: ["'hostile'"],
                    environment: ["WASMPACK_USERNAME": HostileRegistry.username, "WASMPACK_PASSWORD": "wrong-password"]),
    ]
}
