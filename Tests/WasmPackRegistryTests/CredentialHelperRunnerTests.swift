import Foundation
import Testing
@testable import WasmPackRegistry

@Suite("Docker credential helpers: get, store, erase, failures")
struct CredentialHelperRunnerTests {
    @Test func getReturnsUserAndPasswordForTheURLOnStdin() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let helper = try sandbox.installHelper(named: "test")
        try helper.holds(serverURL: "myreg.io", username: "alice", secret: "s3cret")
        let runner = CredentialHelperRunner(environment: sandbox.environment)
        #expect(try runner.get(helper: "test", serverURL: "myreg.io") == .basic(username: "alice", password: "s3cret"))
        #expect(try runner.get(helper: "test", serverURL: "other.io") == nil)
    }

    @Test func tokenUsernameMeansTheSecretIsAnIdentityToken() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        // The ACR helper's real answer has an empty ServerURL.
        let helper = try sandbox.installHelper(named: "test")
        try helper.answers(#"{"ServerURL":"","Username":"<token>","Secret":"eyJrefresh"}"#, status: 0)
        let runner = CredentialHelperRunner(environment: sandbox.environment)
        #expect(try runner.get(helper: "test", serverURL: "myreg.azurecr.io") == .identityToken(username: nil, token: "eyJrefresh"))
    }

    @Test(arguments: ["credentials not found in native keychain", "Credentials Not Found", "error: credentials not found\n"])
    func notFoundInAnyCaseIsNoCredentialsNotAnError(message: String) throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.installHelper(named: "test").answers(message, status: 1)
        #expect(try CredentialHelperRunner(environment: sandbox.environment).get(helper: "test", serverURL: "myreg.io") == nil)
    }

    @Test func storeThenGetThenEraseRoundTrips() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let helper = try sandbox.installHelper(named: "test")
        let runner = CredentialHelperRunner(environment: sandbox.environment)
        try runner.store(helper: "test", serverURL: "https://index.docker.io/v1/", username: "alice", secret: "pw")
        #expect(helper.stored(serverURL: "https://index.docker.io/v1/") == #"{"Secret":"pw","ServerURL":"https://index.docker.io/v1/","Username":"alice"}"#)
        #expect(try runner.get(helper: "test", serverURL: "https://index.docker.io/v1/") == .basic(username: "alice", password: "pw"))
        try runner.erase(helper: "test", serverURL: "https://index.docker.io/v1/")
        #expect(try runner.get(helper: "test", serverURL: "https://index.docker.io/v1/") == nil)
        // Erasing what is not there is what logout after logout does: not an error.
        try runner.erase(helper: "test", serverURL: "https://index.docker.io/v1/")
        #expect(helper.log == ["store https://index.docker.io/v1/", "erase https://index.docker.io/v1/"])
    }

    @Test func aHelperThatHangsIsStoppedAtTheTimeout() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.installHelper(named: "test").sleeps(seconds: 30)
        let runner = CredentialHelperRunner(environment: sandbox.environment, timeout: 0.5)
        let start = ContinuousClock.now
        let error = #expect(throws: CredentialError.self) { try runner.get(helper: "test", serverURL: "myreg.io") }
        #expect(ContinuousClock.now - start < .seconds(1.5))
        #expect(error == .helperTimedOut(helper: "docker-credential-test", action: "get", seconds: 0.5))
        #expect(error?.description.contains("0.5 s") == true)
    }

    @Test func aMissingHelperSaysWhichAndHowToFix() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let runner = CredentialHelperRunner(environment: sandbox.environment)
        let error = #expect(throws: CredentialError.self) { try runner.get(helper: "nosuch", serverURL: "myreg.io") }
        #expect(error == .helperNotFound(helper: "docker-credential-nosuch", configuredBy: nil))
        #expect(error?.description.contains("docker-credential-nosuch") == true)
        #expect(error?.description.contains("install it on PATH") == true)
        // PATH comes from the environment given, not from this process.
        let emptyPath = CredentialHelperRunner(environment: ["PATH": ""])
        #expect(throws: CredentialError.self) { try emptyPath.get(helper: "test", serverURL: "myreg.io") }
    }

    @Test func failuresShowTheStatusButNeverWhatTheHelperPrinted() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        let helper = try sandbox.installHelper(named: "test")
        let runner = CredentialHelperRunner(environment: sandbox.environment)

        try helper.answers("fatal: could not unlock; password was hunter2-secret", status: 3)
        let failed = #expect(throws: CredentialError.self) { try runner.get(helper: "test", serverURL: "myreg.io") }
        #expect(failed == .helperFailed(helper: "docker-credential-test", action: "get", serverURL: "myreg.io", status: 3))
        #expect(failed?.description.contains("exit status 3") == true)
        #expect(failed?.description.contains("hunter2") == false)

        try helper.answers(#"{"Username":"alice","Secret":"hunter2-secret""#, status: 0)
        let garbled = #expect(throws: CredentialError.self) { try runner.get(helper: "test", serverURL: "myreg.io") }
        #expect(garbled == .helperInvalidOutput(helper: "docker-credential-test", action: "get"))
        #expect(garbled?.description.contains("hunter2") == false)
    }

    @Test func aHelperThatIgnoresStdinDoesNotHurtTheCaller() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.installExecutable("docker-credential-deaf", "#!/bin/sh\nexit 0\n")
        let runner = CredentialHelperRunner(environment: sandbox.environment)
        let longURL = String(repeating: "a", count: 1 << 20)
        #expect(throws: CredentialError.helperInvalidOutput(helper: "docker-credential-deaf", action: "get")) {
            try runner.get(helper: "deaf", serverURL: longURL)
        }
        try runner.store(helper: "deaf", serverURL: "myreg.io", username: "u", secret: "p")
    }

    @Test func aHelperThatNeitherReadsNorExitsCannotBlockTheWriteOfItsInput() throws {
        let sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        try sandbox.installExecutable("docker-credential-stuck", "#!/bin/sh\nsleep 30\n")
        let runner = CredentialHelperRunner(environment: sandbox.environment, timeout: 0.5)
        let start = ContinuousClock.now
        #expect(throws: CredentialError.helperTimedOut(helper: "docker-credential-stuck", action: "get", seconds: 0.5)) {
            try runner.get(helper: "stuck", serverURL: String(repeating: "a", count: 4 << 20))
        }
        #expect(ContinuousClock.now - start < .seconds(1.5))
    }

    @Test func helpersSeeTheGivenEnvironmentAndNoStrayDescriptors() throws {
        var sandbox = try CredentialSandbox()
        defer { sandbox.remove() }
        // Opened without O_CLOEXEC on purpose: the runner must still keep it from the helper.
        let stray = open(sandbox.root + "/home", O_RDONLY)
        defer { close(stray) }
        sandbox.environment["STRAY_FD"] = String(stray)
        try sandbox.installExecutable("docker-credential-probe", #"""
            #!/bin/sh
            if [ -e "/proc/$$/fd/$STRAY_FD" ]; then state=inherited; else state=closed; fi
            echo "{\"Username\":\"$state\",\"Secret\":\"$HOME\"}"
            """#)
        let found = try CredentialHelperRunner(environment: sandbox.environment).get(helper: "probe", serverURL: "myreg.io")
        #expect(found == .basic(username: "closed", password: sandbox.root + "/home"))
    }
}
