import Foundation
import Testing
import WasmPackTestSupport

/// One bad input: the command, how to break the sandbox first, and what the user must be told.
struct BadInput: Sendable, CustomTestStringConvertible {
    /// Who answers for `{host}` in the arguments.
    enum Peer: Sendable {
        case none
        /// The shared registry, holding good/app:v1.
        case registry
        /// A fault proxy in front of it (one per name).
        case proxy(String, FaultProxy.Fault)
        /// A hostile registry (one per behaviour and auth); `{password}` in the arguments and
        /// environment becomes the password it accepts, which must then never be printed.
        case hostile(HostileRegistry.Behaviour, HostileRegistry.Auth)
    }

    let name: String
    let arguments: [String]
    /// 64 for usage errors, 1 for everything else.
    let status: Int32
    /// Each must appear in the one line of stderr.
    let says: [String]
    /// Requests that must not reach the registry (checked in the `.proxy` peer's request log).
    var neverSends: [Request] = []
    var peer: Peer = .none
    var environment: [String: String] = [:]
    var prepare: @Sendable (BadInputSandbox) throws -> Void = { _ in }

    var testDescription: String { name }

    /// A request by method and fragments of its target (all of them).
    struct Request: Sendable, CustomStringConvertible {
        var method: String
        var containing: [String]

        func matches(_ logLine: String) -> Bool {
            logLine.hasPrefix(method + " ") && containing.allSatisfy { logLine.contains($0) }
        }
        var description: String { "\(method) …\(containing.joined(separator: "…"))…" }
    }
}

/// Bad input of every kind the issue names (references, spin.toml, input files, layouts, hostile
/// registries), fed to the real executable. Every row must end with a plain exit (never a signal
/// or a hang), the expected status, exactly one stderr line naming the problem with no raw
/// control characters in it, and the sandbox exactly as it was: same files, same bytes, no staging.
@Suite("Bad-input table", .serialized)
struct BadInputTableTests {
    /// Far above what any row needs; a row that takes this long is hung and gets SIGKILL.
    static let timeout: TimeInterval = 10

    /// Lines that report progress rather than the failure (a push may upload a blob or two before
    /// it fails); everything else on stderr counts.
    static let progressPrefixes = ["Pushing ", "Pulling ", "Exists ", "Mounted ", "Uploaded ", "Downloaded ", "Present ", "Pushed ", "Pulled ", "Built ", "Extracted "]

    @Test func theTableHasAtLeastSixtyRowsWithDistinctNames() {
        #expect(BadInputTable.rows.count >= 60)
        #expect(Set(BadInputTable.rows.map(\.name)).count == BadInputTable.rows.count)
    }

    @Test(arguments: BadInputTable.rows)
    func badInputFailsWithOneLineAndChangesNothing(_ row: BadInput) throws {
        let host: String
        var password: String?
        var proxy: FaultProxy?
        switch row.peer {
        case .none:
            host = "unused.invalid"
        case .registry:
            guard TestRegistry.isAvailable else { return }
            host = try BadInputPeers.shared.registryHost()
        case .proxy(let name, let fault):
            guard TestRegistry.isAvailable && FaultProxy.isAvailable else { return }
            proxy = try BadInputPeers.shared.proxy(name, fault)
            host = proxy?.host ?? ""
        case .hostile(let behaviour, let auth):
            guard HostileRegistry.isAvailable else { return }
            let registry = try BadInputPeers.shared.hostile(behaviour, auth)
            host = registry.host
            password = registry.password
        }
        let sandbox = try BadInputSandbox()
        defer { sandbox.remove() }
        try row.prepare(sandbox)
        func resolve(_ text: String) -> String {
            text.replacingOccurrences(of: "{host}", with: host).replacingOccurrences(of: "{password}", with: password ?? "")
        }
        let arguments = row.arguments.map(resolve)
        let environment = row.environment.mapValues(resolve)

        let before = try TreeSnapshot(sandbox.root)
        let run = try Wasmpack(timeout: Self.timeout).run(arguments, in: sandbox.root, environment: environment, isolatedHome: true)
        let after = try TreeSnapshot(sandbox.root)

        #expect(!run.timedOut, "hung: no exit within \(Self.timeout) s")
        #expect(!run.signalled, "killed by signal \(run.status)\n\(run.stderr.prefix(600))")
        #expect(run.status == row.status, "exit status \(run.status), expected \(row.status)\n\(run.stderr.prefix(600))")
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(run.stderr.hasSuffix("\n") ? 1 : 0)
            .filter { line in !Self.progressPrefixes.contains { line.hasPrefix($0) } }
        #expect(lines.count == 1, "expected one line on stderr, got \(lines.count):\n\(run.stderr.prefix(600))")
        let message = lines.first.map(String.init) ?? ""
        #expect(message.hasPrefix("Error: "), "\(message)")
        for text in row.says {
            #expect(message.contains(text), "'\(text)' missing from: \(message)")
        }
        if let password {
            #expect(!run.stderr.contains(password) && !run.stdout.contains(password), "the password was printed")
        }
        let requests = proxy?.requestLog ?? []
        for request in row.neverSends {
            #expect(!requests.contains(where: request.matches), "\(request) reached the registry: \(requests.filter(request.matches))")
        }
        let control = run.stderr.unicodeScalars.filter { $0.value < 0x20 && $0 != "\n" || $0.value == 0x7F }
        #expect(control.isEmpty, "raw control characters on stderr: \(control.map { String($0.value, radix: 16) })")
        #expect(run.stdout.isEmpty, "stdout: \(run.stdout.prefix(200))")
        #expect(after == before, "the sandbox changed: \(before.difference(to: after))")
        #expect(after.stagingLeftovers.isEmpty, "left behind: \(after.stagingLeftovers)")
    }

    /// Item 1 through the CLI: the upload Location names another origin (127.0.0.2); the push may
    /// go there, but its Basic credentials may not, and they are never printed.
    @Test(.enabled(if: HostileRegistry.isAvailable))
    func aPushWhoseUploadLocationIsAnotherOriginKeepsTheCredentialsHome() throws {
        let registry = try HostileRegistry.start(.foreignUploadLocation, auth: .basic)
        defer { registry.stop() }
        let sandbox = try BadInputSandbox()
        defer { sandbox.remove() }
        let run = try Wasmpack(timeout: Self.timeout).run(
            ["push", "\(registry.host)/hostile/foreign:v1", "--layout", "out", "--verbose"], in: sandbox.root,
            environment: ["WASMPACK_USERNAME": HostileRegistry.username, "WASMPACK_PASSWORD": registry.password], isolatedHome: true)
        #expect(!run.timedOut && !run.signalled)
        #expect(run.status == 0, "\(run.stderr)")
        let foreign = registry.foreignRequests
        #expect(!foreign.isEmpty, "the uploads never went to the other origin: \(registry.logTail)")
        #expect(foreign.allSatisfy { $0.hasSuffix("authorization=no") }, "\(foreign)")
        #expect(!run.stderr.contains(registry.password) && !run.stdout.contains(registry.password))
    }
}
