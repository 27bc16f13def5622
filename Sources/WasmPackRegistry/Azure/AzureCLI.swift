#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WasmPackPlatform

/// Asks the Azure CLI for an AAD token for ACR, as `az acr login` itself does.
struct AzureCLI {
    var executable: String
    var timeout: Double = 60

    func accessToken() throws(RegistryError) -> String {
        let arguments = ["account", "get-access-token", "--resource", AzureIdentity.containerRegistryResource, "--output", "json"]
        // Its messages (stderr) may quote account details; they are captured and not shown.
        let result: HelperProcess.Result
        do {
            result = try HelperProcess.run(
                executable: executable, arguments: arguments, environment: ProcessInfo.processInfo.environment, input: [], timeout: timeout)
        } catch {
            switch error {
            case .spawn(let code): throw .azure(detail: "cannot run '\(executable)': \(SystemCall.message(errno: code))")
            case .timedOut: throw .azure(detail: "'az account get-access-token' did not answer within \(Int(timeout)) s")
            }
        }
        struct Answer: Decodable { var accessToken: String }
        guard result.status == 0, let answer = try? JSONDecoder().decode(Answer.self, from: Data(result.stdout)), !answer.accessToken.isEmpty else {
            throw .azure(detail: "'az account get-access-token' failed (exit \(result.status)); run 'az login' first")
        }
        return answer.accessToken
    }
}
