import Foundation
import WasmPackTestSupport
@testable import WasmPackRegistry

/// A throw-away HOME, DOCKER_CONFIG, XDG directories and PATH for one test; `environment` is all
/// the code under test sees, so the real ~/.docker is never read or written.
struct CredentialSandbox {
    let root: String
    var environment: [String: String]

    init() throws {
        root = TestScratch.path("credentials")
        for directory in ["home", "docker", "bin", "run", "xdg"] {
            try FileManager.default.createDirectory(atPath: root + "/" + directory, withIntermediateDirectories: true)
        }
        environment = [
            "HOME": root + "/home",
            "DOCKER_CONFIG": root + "/docker",
            "PATH": root + "/bin:/usr/bin:/bin",
            "XDG_RUNTIME_DIR": root + "/run",
            "XDG_CONFIG_HOME": root + "/xdg",
        ]
    }

    var dockerConfigPath: String { root + "/docker/config.json" }

    /// Writes `text` at `relative` under the sandbox (directories created) and returns the path.
    @discardableResult
    func write(_ relative: String, _ text: String) throws -> String {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @discardableResult
    func writeDockerConfig(_ json: String) throws -> String { try write("docker/config.json", json) }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The file's top-level JSON object, for comparing values rather than bytes.
    func jsonObject(_ path: String) throws -> NSDictionary {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as! NSDictionary
    }

    func mode(of path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as! NSNumber).intValue
    }

    /// Installs `docker-credential-NAME` on the sandbox PATH: a bash script keeping its store in
    /// files, the way real helpers keep theirs in a keychain.
    func installHelper(named name: String) throws -> FakeCredentialHelper {
        let helper = FakeCredentialHelper(state: root + "/helper-" + name)
        try FileManager.default.createDirectory(atPath: helper.state, withIntermediateDirectories: true)
        try installExecutable("docker-credential-" + name, FakeCredentialHelper.script(state: helper.state))
        return helper
    }

    /// Writes an executable into the sandbox's bin directory with O_CLOEXEC, so a process another
    /// test spawns meanwhile cannot inherit it open for writing (exec would fail with ETXTBSY).
    func installExecutable(_ name: String, _ text: String) throws {
        let descriptor = open(root + "/bin/" + name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard descriptor >= 0 else { throw CocoaError(.fileWriteUnknown) }
        defer { close(descriptor) }
        let bytes = Array(text.utf8)
        guard bytes.withUnsafeBytes({ Glibc.write(descriptor, $0.baseAddress, $0.count) }) == bytes.count else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// base64("user:password"), as docker writes `auth`.
    static func auth(_ username: String, _ password: String) -> String {
        Data("\(username):\(password)".utf8).base64EncodedString()
    }
}

/// The state of a helper installed by `CredentialSandbox.installHelper(named:)`.
struct FakeCredentialHelper {
    let state: String

    /// Makes `get` for `serverURL` answer with these fields.
    func holds(serverURL: String, username: String, secret: String) throws {
        let json = #"{"ServerURL":"\#(serverURL)","Username":"\#(username)","Secret":"\#(secret)"}"#
        try Data(json.utf8).write(to: URL(fileURLWithPath: file(for: serverURL)))
    }

    /// What `get` would print for `serverURL` now (nil: not found).
    func stored(serverURL: String) -> String? {
        try? String(contentsOfFile: file(for: serverURL), encoding: .utf8)
    }

    /// Every `get` sleeps this long first.
    func sleeps(seconds: Int) throws { try Data("\(seconds)".utf8).write(to: URL(fileURLWithPath: state + "/sleep")) }

    /// Every `get` prints `output` on stdout and stderr and exits with `status`.
    func answers(_ output: String, status: Int) throws {
        try Data(output.utf8).write(to: URL(fileURLWithPath: state + "/answer"))
        try Data("\(status)".utf8).write(to: URL(fileURLWithPath: state + "/status"))
    }

    /// "store URL" / "erase URL" lines, in order.
    var log: [String] {
        ((try? String(contentsOfFile: state + "/log", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    private func file(for serverURL: String) -> String {
        state + "/" + String(serverURL.map { $0.isLetter || $0.isNumber || $0 == "." ? $0 : "_" }) + ".json"
    }

    static func script(state: String) -> String {
        #"""
        #!/bin/bash
        state='\#(state)'
        key() { printf '%s' "$1" | tr -c 'A-Za-z0-9.' '_'; }
        case "$1" in
        get)
            url=$(cat)
            [ -f "$state/sleep" ] && sleep "$(cat "$state/sleep")"
            if [ -f "$state/answer" ]; then
                cat "$state/answer"; cat "$state/answer" >&2; exit "$(cat "$state/status")"
            fi
            if [ -f "$state/$(key "$url").json" ]; then cat "$state/$(key "$url").json"; exit 0; fi
            echo "credentials not found in native keychain"; exit 1 ;;
        store)
            input=$(cat)
            url=$(printf '%s' "$input" | sed -n 's/.*"ServerURL":"\([^"]*\)".*/\1/p')
            printf '%s' "$input" > "$state/$(key "$url").json"
            echo "store $url" >> "$state/log" ;;
        erase)
            url=$(cat)
            if [ ! -f "$state/$(key "$url").json" ]; then echo "credentials not found in native keychain"; exit 1; fi
            rm -f "$state/$(key "$url").json"
            echo "erase $url" >> "$state/log" ;;
        *)
            exit 2 ;;
        esac
        """#
    }
}
