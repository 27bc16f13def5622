import Foundation

/// Asks the Azure CLI for an AAD token for ACR, as `az acr login` itself does.
struct AzureCLI {
    var executable: String
    var timeout: Double = 60

    func accessToken() throws(RegistryError) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["account", "get-access-token", "--resource", AzureIdentity.containerRegistryResource, "--output", "json"]
        let output = Pipe()
        process.standardOutput = output
        // Its messages may quote account details; they are not shown.
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do { try process.run() } catch {
            throw .azure(detail: "cannot run '\(executable)': \(error.localizedDescription)")
        }
        let deadline = DispatchTime.now() + timeout
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            process.waitUntilExit()
            finished.signal()
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        if finished.wait(timeout: deadline) == .timedOut {
            process.terminate()
            throw .azure(detail: "'az account get-access-token' did not answer within \(Int(timeout)) s")
        }
        struct Answer: Decodable { var accessToken: String }
        guard process.terminationStatus == 0, let answer = try? JSONDecoder().decode(Answer.self, from: data), !answer.accessToken.isEmpty else {
            throw .azure(detail: "'az account get-access-token' failed (exit \(process.terminationStatus)); run 'az login' first")
        }
        return answer.accessToken
    }
}
